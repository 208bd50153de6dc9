"""Pauses of the clock: supplement requests and fee obligations, and the appointment when they end."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cqdt.catalog.models import SupplementPolicy
from cqdt.core.calendar import WorkingCalendar, calendar_from_settings
from cqdt.dossiers import notices
from cqdt.dossiers.deadlines import appointment_for, remaining_office_time, resumed_appointment
from cqdt.dossiers.models import Dossier, DossierPause, FileKind, PauseReason
from cqdt.dossiers.services._common import authorise, begin, check_transition, lock, now, record, require_text
from cqdt.dossiers.services.reception import Uploads, attach_uploads
from cqdt.dossiers.status import Action, DossierStatus


def _open_pause(
    dossier: Dossier, *, reason: str, actor: Any, explanation: str, components: list[str]
) -> DossierPause:
    at = now()
    remaining = remaining_office_time(dossier.due_at, at) if dossier.due_at else None
    return DossierPause.objects.create(
        dossier=dossier,
        reason=reason,
        started_at=at,
        explanation=explanation,
        requested_components=components,
        due_at_before=dossier.due_at,
        remaining_work_seconds=int(remaining.total_seconds()) if remaining is not None else None,
        requested_by=actor,
    )


def _shift_step(
    dossier: Dossier, pause: DossierPause, resumed_at: datetime, calendar: WorkingCalendar
) -> None:
    step = dossier.current_step
    if step is None or step.deadline is None:
        return
    left = max(calendar.working_time_between(pause.started_at, step.deadline), timedelta(0))
    step.deadline = calendar.add_working_hours(resumed_at, left)
    step.save(update_fields=["deadline"])


def _close_pause(dossier: Dossier, *, restart: bool) -> DossierPause:
    pause = dossier.pauses.select_for_update().filter(ended_at__isnull=True).first()
    if pause is None:
        raise ValidationError("Hồ sơ không có yêu cầu nào đang chờ.")
    at = now()
    pause.ended_at = at
    pause.save(update_fields=["ended_at"])
    calendar = calendar_from_settings()
    if pause.due_at_before is not None and dossier.received_at is not None:
        if restart:
            dossier.due_at = appointment_for(dossier.case, at, calendar)
        else:
            left = timedelta(seconds=pause.remaining_work_seconds or 0)
            dossier.due_at = resumed_appointment(resumed_at=at, remaining=left, calendar=calendar)
    _shift_step(dossier, pause, at, calendar)
    dossier.status = dossier.status_before_pause or DossierStatus.PROCESSING
    dossier.status_before_pause = None
    dossier.deadline_warned_at = None
    dossier.save(update_fields=["due_at", "status", "status_before_pause", "deadline_warned_at"])
    return pause


def _pause(
    dossier: Dossier, *, action: str, actor: Any, reason: str, components: list[str], kind: str
) -> Dossier:
    previous = dossier.status
    dossier.status = check_transition(dossier, action)
    _open_pause(dossier, reason=kind, actor=actor, explanation=reason, components=components)
    dossier.status_before_pause = previous
    dossier.save(update_fields=["status", "status_before_pause"])
    record(
        dossier=dossier,
        actor=actor,
        action=action,
        from_status=previous,
        at=now(),
        reason=reason,
        after={"components": components},
    )
    return dossier


@transaction.atomic
def dossier_request_supplement(
    *, actor: Any, dossier: Dossier, components: list[str], reason: str
) -> Dossier:
    """Ask the applicant, once and in full, for what is missing (Mẫu 02); the clock stops."""
    require_text(reason, "Phải nêu rõ lý do yêu cầu bổ sung.")
    if not components:
        raise ValidationError("Phải nêu các thành phần hồ sơ cần bổ sung.")
    dossier = lock(dossier)
    authorise(actor, Action.REQUEST_SUPPLEMENT, dossier)
    _pause(
        dossier,
        action=Action.REQUEST_SUPPLEMENT,
        actor=actor,
        reason=reason,
        components=components,
        kind=PauseReason.SUPPLEMENT,
    )
    notices.notify_supplement_requested(dossier, at=now(), items=components, reason=reason)
    return dossier


@transaction.atomic
def dossier_register_supplement(
    *, actor: Any, dossier: Dossier, uploads: Uploads | None = None, note: str = ""
) -> Dossier:
    """Register what the applicant brought; the clock resumes (or restarts, as the procedure says)."""
    dossier, previous = begin(dossier, actor=actor, action=Action.REGISTER_SUPPLEMENT)
    attach_uploads(dossier, uploads or {}, actor, kind=FileKind.SUPPLEMENT)
    restart = dossier.procedure.supplement_policy == SupplementPolicy.RESTART
    _close_pause(dossier, restart=restart)
    record(
        dossier=dossier,
        actor=actor,
        action=Action.REGISTER_SUPPLEMENT,
        from_status=previous,
        at=now(),
        reason=note,
        after={"due_at": dossier.due_at.isoformat() if dossier.due_at else None},
    )
    return dossier


@transaction.atomic
def dossier_submit_supplement(
    *, applicant_user: Any, dossier: Dossier, uploads: Uploads, note: str = ""
) -> Dossier:
    """The applicant supplements online; the clock resumes as if the desk had registered it."""
    dossier = lock(dossier)
    if dossier.applicant_user_id != getattr(applicant_user, "pk", None):
        raise ValidationError("Bạn không phải chủ hồ sơ này.")
    previous = dossier.status
    check_transition(dossier, Action.REGISTER_SUPPLEMENT)
    if not uploads:
        raise ValidationError("Vui lòng tải lên giấy tờ bổ sung.")
    attach_uploads(dossier, uploads, applicant_user, kind=FileKind.SUPPLEMENT)
    restart = dossier.procedure.supplement_policy == SupplementPolicy.RESTART
    _close_pause(dossier, restart=restart)
    record(
        dossier=dossier,
        actor=applicant_user,
        action=Action.REGISTER_SUPPLEMENT,
        from_status=previous,
        at=now(),
        reason=note,
    )
    return dossier


@transaction.atomic
def dossier_request_fees(*, actor: Any, dossier: Dossier, amount: int, reason: str) -> Dossier:
    """Ask the applicant to pay fees or taxes; the clock stops until it is confirmed."""
    if amount <= 0:
        raise ValidationError("Số tiền phải lớn hơn 0 đồng.")
    dossier = lock(dossier)
    authorise(actor, Action.REQUEST_FEES, dossier)
    _pause(
        dossier,
        action=Action.REQUEST_FEES,
        actor=actor,
        reason=f"{reason} — {amount:,} đồng".replace(",", "."),
        components=[],
        kind=PauseReason.FEES,
    )
    notices.notify_fees_requested(dossier, at=now(), amount=amount, reason=reason)
    return dossier


@transaction.atomic
def dossier_confirm_fees(*, actor: Any, dossier: Dossier, note: str = "") -> Dossier:
    dossier, previous = begin(dossier, actor=actor, action=Action.CONFIRM_FEES)
    _close_pause(dossier, restart=False)
    record(
        dossier=dossier, actor=actor, action=Action.CONFIRM_FEES, from_status=previous, at=now(), reason=note
    )
    return dossier
