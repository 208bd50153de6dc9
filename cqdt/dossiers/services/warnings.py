"""Deadline warnings: each handler is emailed once per step about dossiers near or past their deadline."""

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cqdt.dossiers.deadlines import warning_horizon
from cqdt.dossiers.models import Dossier, DossierStep
from cqdt.dossiers.status import OPEN
from cqdt.notifications.services import message_enqueue


def _deadline(dossier: Dossier) -> datetime:
    """The deadline the handler must watch: the step's, or the appointment if that comes first."""
    step = dossier.current_step
    candidates = [d for d in (step.deadline if step else None, dossier.due_at) if d is not None]
    return min(candidates)


@transaction.atomic
def dossiers_warn_deadlines(*, now: datetime | None = None) -> int:
    """Email every handler whose current steps are near (within the warning horizon) or past their
    deadline and were not warned yet; mark those steps as warned. Returns the number of emails."""
    now = now or timezone.now()
    horizon = warning_horizon(now)
    due = (
        Dossier.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(status__in=OPEN, current_assignee__isnull=False, current_step__warned_at__isnull=True)
        .filter(Q(current_step__deadline__lte=horizon) | Q(due_at__lte=horizon))
        .select_related("current_step", "current_assignee", "current_unit", "procedure")
        .order_by("current_assignee_id", "pk")
    )
    per_handler: dict[int, list[Dossier]] = defaultdict(list)
    for dossier in due:
        per_handler[dossier.current_assignee_id].append(dossier)  # type: ignore[index]
    sent = 0
    for dossiers in per_handler.values():
        handler: Any = dossiers[0].current_assignee
        rows: list[dict[str, Any]] = [
            {
                "code": d.code,
                "procedure_name": d.procedure.name,
                "applicant_name": d.applicant_name,
                "due_at": _deadline(d),
            }
            for d in dossiers
        ]
        if handler.email:
            message_enqueue(
                channel="email",
                recipient=handler.email,
                template="dossiers/deadline_warning",
                context={
                    "staff_name": handler.full_name or handler.get_username(),
                    "agency_name": dossiers[0].current_unit.name if dossiers[0].current_unit else "",
                    "generated_at": now,
                    "overdue": [row for row in rows if row["due_at"] <= now],
                    "due_soon": [row for row in rows if row["due_at"] > now],
                    "backoffice_url": f"{settings.CQDT_PUBLIC_BASE_URL}/mot-cua/?box=near_deadline",
                },
            )
            sent += 1
        DossierStep.objects.filter(pk__in=[d.current_step_id for d in dossiers]).update(warned_at=now)
        Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).update(deadline_warned_at=now)
    return sent
