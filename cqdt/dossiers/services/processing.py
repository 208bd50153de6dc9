"""Moving a dossier through its steps: forward, send back, reassign, recall, inter-agency transfer, decide."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from cqdt.agencies.models import Agency
from cqdt.core.calendar import calendar_from_settings
from cqdt.dossiers.access import LEADER_ROLES
from cqdt.dossiers.deadlines import step_deadline, timeliness
from cqdt.dossiers.models import Dossier, DossierStep, ResultDecision
from cqdt.dossiers.services._common import (
    assignment_unit,
    authorise,
    begin,
    check_transition,
    involve,
    lock,
    now,
    record,
    require_text,
)
from cqdt.dossiers.status import Action


def _current(dossier: Dossier) -> DossierStep:
    if dossier.current_step is None:
        raise ValidationError("Hồ sơ không ở bước xử lý nào.")
    return dossier.current_step


def _finish(step: DossierStep, at: datetime) -> None:
    step.finished_at = at
    step.timeliness = timeliness(at, step.deadline) if step.deadline else ""
    step.save(update_fields=["finished_at", "timeliness"])


def _start(dossier: Dossier, step: DossierStep, *, assignee: Any, at: datetime) -> Agency:
    unit = assignment_unit(assignee, step.agency, step.role)
    step.assignee = assignee
    step.started_at = at
    step.finished_at = None
    step.timeliness = ""
    step.warned_at = None
    step.deadline = step_deadline(at, step.allotted_hours, calendar_from_settings())
    step.save(update_fields=["assignee", "started_at", "finished_at", "timeliness", "warned_at", "deadline"])
    dossier.current_step = step
    dossier.current_unit = unit
    dossier.current_assignee = assignee
    involve(dossier, unit)
    return unit


def _next_step(dossier: Dossier, step: DossierStep) -> DossierStep | None:
    return dossier.steps.filter(position__gt=step.position).order_by("position").first()


def _hand_over(dossier: Dossier, *, actor: Any, action: str, assignee: Any, note: str) -> Dossier:
    step = _current(dossier)
    following = _next_step(dossier, step)
    if following is None:
        raise ValidationError("Đây là bước cuối của quy trình: hãy cập nhật kết quả xử lý.")
    if assignee is None:
        raise ValidationError("Vui lòng chọn người nhận hồ sơ ở bước tiếp theo.")
    previous = dossier.status
    dossier.status = check_transition(dossier, action)
    at = now()
    _finish(step, at)
    unit = _start(dossier, following, assignee=assignee, at=at)
    dossier.save(update_fields=["status", "current_step", "current_unit", "current_assignee", "decision"])
    record(
        dossier=dossier,
        actor=actor,
        action=action,
        from_status=previous,
        at=at,
        reason=note,
        to_unit=unit,
        to_user=assignee,
        step=following,
        finished_step=step,
    )
    return dossier


@transaction.atomic
def dossier_forward(*, actor: Any, dossier: Dossier, assignee: Any, note: str = "") -> Dossier:
    """Finish the current step and hand the dossier to `assignee` at the next step."""
    dossier = lock(dossier)
    step = _current(dossier)
    if step.role in LEADER_ROLES:
        raise ValidationError(
            "Bước phê duyệt phải kết thúc bằng quyết định phê duyệt hoặc từ chối giải quyết."
        )
    action = (
        Action.TRANSFER_BACK
        if step.agency_id not in (dossier.handling_agency_id, dossier.receiving_unit_id)
        else Action.FORWARD
    )
    authorise(actor, action, dossier)
    return _hand_over(dossier, actor=actor, action=action, assignee=assignee, note=note)


@transaction.atomic
def dossier_decide(
    *, actor: Any, dossier: Dossier, approve: bool, reason: str = "", assignee: Any = None
) -> Dossier:
    """A leader's decision at an approval step: approve, or decline (with a reason); then hand over."""
    dossier = lock(dossier)
    action = Action.APPROVE if approve else Action.DECLINE
    authorise(actor, action, dossier)
    if not approve and not reason.strip():
        raise ValidationError("Phải nêu rõ lý do từ chối giải quyết.")
    dossier.decision = ResultDecision.APPROVED if approve else ResultDecision.DECLINED
    if _next_step(dossier, _current(dossier)) is None:
        check_transition(dossier, action)
        dossier.save(update_fields=["decision"])
        record(
            dossier=dossier, actor=actor, action=action, from_status=dossier.status, at=now(), reason=reason
        )
        return dossier
    return _hand_over(dossier, actor=actor, action=action, assignee=assignee, note=reason)


@transaction.atomic
def dossier_send_back(*, actor: Any, dossier: Dossier, reason: str) -> Dossier:
    """Return the dossier to the previous step's handler, who works on it again."""
    require_text(reason, "Phải nêu rõ lý do trả lại bước trước.")
    dossier = lock(dossier)
    authorise(actor, Action.SEND_BACK, dossier)
    step = _current(dossier)
    previous_step = dossier.steps.filter(position__lt=step.position).order_by("-position").first()
    if previous_step is None or previous_step.assignee is None:
        raise ValidationError("Không có bước trước để trả lại.")
    previous = dossier.status
    dossier.status = check_transition(dossier, Action.SEND_BACK)
    at = now()
    _finish(step, at)
    unit = _start(dossier, previous_step, assignee=previous_step.assignee, at=at)
    dossier.save(update_fields=["status", "current_step", "current_unit", "current_assignee"])
    record(
        dossier=dossier,
        actor=actor,
        action=Action.SEND_BACK,
        from_status=previous,
        at=at,
        reason=reason,
        to_unit=unit,
        to_user=previous_step.assignee,
        step=previous_step,
        finished_step=step,
    )
    return dossier


@transaction.atomic
def dossier_reassign(*, actor: Any, dossier: Dossier, assignee: Any, reason: str = "") -> Dossier:
    """A leader moves the current step to another official of the unit; the step deadline is kept."""
    dossier = lock(dossier)
    authorise(actor, Action.REASSIGN, dossier)
    check_transition(dossier, Action.REASSIGN)
    step = _current(dossier)
    unit = assignment_unit(assignee, step.agency, step.role)
    step.assignee = assignee
    step.save(update_fields=["assignee"])
    dossier.current_unit = unit
    dossier.current_assignee = assignee
    dossier.save(update_fields=["current_unit", "current_assignee"])
    involve(dossier, unit)
    record(
        dossier=dossier,
        actor=actor,
        action=Action.REASSIGN,
        from_status=dossier.status,
        at=now(),
        reason=reason,
        to_unit=unit,
        to_user=assignee,
        step=step,
    )
    return dossier


@transaction.atomic
def dossier_recall(*, actor: Any, dossier: Dossier, reason: str = "") -> Dossier:
    """The sender takes back a hand-off the receiver has not acted on yet."""
    dossier, previous = begin(dossier, actor=actor, action=Action.RECALL)
    step = _current(dossier)
    sender_step = dossier.steps.filter(position__lt=step.position).order_by("-position").first()
    if sender_step is None:
        raise ValidationError("Không có bước trước để thu hồi.")
    step.assignee = None
    step.started_at = None
    step.deadline = None
    step.save(update_fields=["assignee", "started_at", "deadline"])
    if step.name.startswith(_TRANSFER_PREFIX):
        step.delete()
    sender_step.finished_at = None
    sender_step.timeliness = ""
    sender_step.save(update_fields=["finished_at", "timeliness"])
    dossier.current_step = sender_step
    dossier.current_assignee = actor
    dossier.current_unit = assignment_unit(actor, sender_step.agency, sender_step.role)
    dossier.save(update_fields=["current_step", "current_unit", "current_assignee"])
    record(
        dossier=dossier,
        actor=actor,
        action=Action.RECALL,
        from_status=previous,
        at=now(),
        reason=reason,
        to_unit=dossier.current_unit,
        to_user=actor,
        step=sender_step,
    )
    return dossier


_TRANSFER_PREFIX = "Xử lý liên thông tại "


@transaction.atomic
def dossier_transfer(
    *,
    actor: Any,
    dossier: Dossier,
    agency: Agency,
    role: str,
    hours: Decimal,
    assignee: Any = None,
    reason: str,
) -> Dossier:
    """Liên thông: another agency does its part as an extra step with its own allotment, then hands back."""
    if hours <= 0:
        raise ValidationError("Thời gian xử lý liên thông phải lớn hơn 0 giờ làm việc.")
    require_text(reason, "Phải nêu nội dung đề nghị phối hợp liên thông.")
    dossier = lock(dossier)
    authorise(actor, Action.TRANSFER, dossier)
    step = _current(dossier)
    if agency.pk in (dossier.handling_agency_id, dossier.receiving_unit_id):
        raise ValidationError("Cơ quan liên thông phải khác cơ quan đang giải quyết hồ sơ.")
    # Make room after the current step (two passes keep (dossier, position) unique at every moment).
    later = dossier.steps.filter(position__gt=step.position)
    later.update(position=F("position") + 1000)
    dossier.steps.filter(position__gt=1000).update(position=F("position") - 999)
    partner = DossierStep.objects.create(
        dossier=dossier,
        position=step.position + 1,
        name=f"{_TRANSFER_PREFIX}{agency.name}",
        role=role,
        agency=agency,
        allotted_hours=hours,
    )
    previous = dossier.status
    dossier.status = check_transition(dossier, Action.TRANSFER)
    at = now()
    _finish(step, at)
    involve(dossier, agency)
    if assignee is not None:
        unit = _start(dossier, partner, assignee=assignee, at=at)
    else:
        partner.started_at = at
        partner.deadline = step_deadline(at, hours, calendar_from_settings())
        partner.save(update_fields=["started_at", "deadline"])
        dossier.current_step, dossier.current_unit, dossier.current_assignee = partner, agency, None
        unit = agency
    dossier.save(update_fields=["status", "current_step", "current_unit", "current_assignee"])
    record(
        dossier=dossier,
        actor=actor,
        action=Action.TRANSFER,
        from_status=previous,
        at=at,
        reason=reason,
        to_unit=unit,
        to_user=assignee,
        step=partner,
        finished_step=step,
    )
    return dossier
