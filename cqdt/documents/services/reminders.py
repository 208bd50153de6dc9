"""Deadline reminders: each handler is emailed once when a document nears its deadline and once when it
is past it. A unit given a part without a named person is reminded through its section heads."""

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cqdt.core.calendar import calendar_from_settings
from cqdt.documents.access import SECTION_HEAD, assignments_in_force
from cqdt.documents.models import IncomingHandler
from cqdt.documents.numbering import legal_date
from cqdt.documents.status import INCOMING_OPEN
from cqdt.notifications.services import message_enqueue

TEMPLATE = "documents/assignment_deadline"


def reminder_horizon(today: date) -> date:
    """The last deadline that counts as near: the next working day after `today`."""
    calendar = calendar_from_settings()
    day = today + timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def handlers_to_remind(*, today: date) -> list[IncomingHandler]:
    """Handler rows of open documents whose deadline is near or past and that were not reminded of it."""
    horizon = reminder_horizon(today)
    return list(
        IncomingHandler.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(document__status__in=INCOMING_OPEN, document__deadline__lte=horizon)
        .filter(
            Q(document__deadline__lt=today, overdue_reminded_at__isnull=True)
            | Q(document__deadline__gte=today, due_soon_reminded_at__isnull=True)
        )
        .select_related("document", "document__agency", "user", "unit")
        .order_by("document__deadline", "pk")
    )


def _people(handlers: list[IncomingHandler]) -> dict[int, list[Any]]:
    """handler id → the users to remind (the named person, or the unit's section heads)."""
    units = {h.unit_id for h in handlers if h.user_id is None and h.unit_id is not None}
    heads: dict[int, list[Any]] = defaultdict(list)
    for assignment in (
        assignments_in_force().filter(unit_id__in=units, role=SECTION_HEAD).select_related("user")
    ):
        heads[assignment.unit_id].append(assignment.user)
    return {h.pk: [h.user] if h.user is not None else heads.get(h.unit_id or 0, []) for h in handlers}


@transaction.atomic
def incoming_send_deadline_reminders(*, now: datetime | None = None) -> int:
    """Queue one email per person listing their documents near or past the deadline; returns the count."""
    now = now or timezone.now()
    today = legal_date(now)
    handlers = handlers_to_remind(today=today)
    people = _people(handlers)
    per_user: dict[int, tuple[Any, list[IncomingHandler]]] = {}
    for handler in handlers:
        for user in people[handler.pk]:
            per_user.setdefault(user.pk, (user, []))[1].append(handler)
    sent = 0
    for user, rows in per_user.values():
        if not user.email:
            continue
        items: list[dict[str, Any]] = [
            {
                "arrival_number": h.document.arrival_number,
                "number_notation": h.document.number_notation,
                "issuer_name": h.document.issuer_name,
                "summary": h.document.summary,
                "deadline": h.document.deadline,
                "role": h.get_role_display(),
            }
            for h in rows
        ]
        message_enqueue(
            channel="email",
            recipient=user.email,
            template=TEMPLATE,
            context={
                "staff_name": user.full_name or user.get_username(),
                "agency_name": rows[0].document.agency.name,
                "generated_at": now,
                "overdue": [item for item in items if item["deadline"] < today],
                "due_soon": [item for item in items if item["deadline"] >= today],
                "workspace_url": f"{settings.CQDT_PUBLIC_BASE_URL}/van-ban/viec-cua-toi/",
            },
            related=rows[0].document if len(rows) == 1 else None,
        )
        sent += 1
    overdue = [h.pk for h in handlers if h.document.deadline is not None and h.document.deadline < today]
    IncomingHandler.objects.filter(pk__in=overdue).update(overdue_reminded_at=now)
    IncomingHandler.objects.filter(pk__in=[h.pk for h in handlers if h.pk not in set(overdue)]).update(
        due_soon_reminded_at=now
    )
    return sent
