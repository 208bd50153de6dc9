"""The end of a dossier: result, return, withdrawal, stop, apologies and deadline adjustments."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cqdt.dossiers import notices
from cqdt.dossiers.deadlines import timeliness
from cqdt.dossiers.models import Apology, ApologyStatus, Dossier, FileKind, ResultDecision, ReturnMethod
from cqdt.dossiers.services._common import (
    authorise,
    begin,
    check_transition,
    lock,
    now,
    record,
    require_text,
    store_files,
)
from cqdt.dossiers.status import Action


@transaction.atomic
def dossier_record_result(
    *,
    actor: Any,
    dossier: Dossier,
    number: str,
    signer: str,
    issued_on: date,
    summary: str = "",
    result_file: Any = None,
) -> Dossier:
    """Record the result document; the dossier is resolved and goes back to the desk for return."""
    if not number.strip() or not signer.strip():
        raise ValidationError("Phải nhập số, ký hiệu và người ký văn bản kết quả.")
    dossier, previous = begin(dossier, actor=actor, action=Action.RECORD_RESULT)
    at = now()
    step = dossier.current_step
    if step is not None and dossier.steps.filter(position__gt=step.position).exists():
        raise ValidationError(
            "Chỉ cập nhật kết quả ở bước cuối của quy trình; hãy chuyển hồ sơ đến bước tiếp theo."
        )
    if step is not None:
        step.finished_at = at
        step.timeliness = timeliness(at, step.deadline) if step.deadline else ""
        step.save(update_fields=["finished_at", "timeliness"])
    if result_file is not None:
        store_files(dossier=dossier, uploads=[(None, result_file)], kind=FileKind.RESULT, actor=actor)
    dossier.decision = dossier.decision or ResultDecision.APPROVED
    dossier.result_number, dossier.result_signer = number.strip(), signer.strip()
    dossier.result_issued_on, dossier.result_summary = issued_on, summary
    dossier.finished_at = at
    dossier.timeliness = timeliness(at, dossier.due_at)
    dossier.current_step, dossier.current_assignee = None, None
    dossier.current_unit = dossier.receiving_unit
    dossier.save(
        update_fields=[
            "status",
            "decision",
            "result_number",
            "result_signer",
            "result_issued_on",
            "result_summary",
            "finished_at",
            "timeliness",
            "current_step",
            "current_assignee",
            "current_unit",
        ]
    )
    record(
        dossier=dossier,
        actor=actor,
        action=Action.RECORD_RESULT,
        from_status=previous,
        at=at,
        finished_step=step,
        after={"result_number": dossier.result_number, "timeliness": dossier.timeliness},
    )
    notices.notify_result_ready(dossier)
    return dossier


@transaction.atomic
def dossier_return_result(
    *, actor: Any, dossier: Dossier, method: str = ReturnMethod.COUNTER, note: str = ""
) -> Dossier:
    if method not in ReturnMethod.values:
        raise ValidationError("Hình thức trả kết quả không hợp lệ.")
    dossier, previous = begin(dossier, actor=actor, action=Action.RETURN_RESULT)
    at = now()
    dossier.returned_at, dossier.closed_at = at, at
    dossier.return_method, dossier.return_note = method, note
    dossier.current_unit = None
    dossier.save(
        update_fields=["status", "returned_at", "closed_at", "return_method", "return_note", "current_unit"]
    )
    record(
        dossier=dossier, actor=actor, action=Action.RETURN_RESULT, from_status=previous, at=at, reason=note
    )
    notices.notify_returned(dossier)
    return dossier


def _close(dossier: Dossier, *, actor: Any, action: str, reason: str, processed: bool) -> Dossier:
    require_text(reason, "Phải nêu rõ lý do.")
    authorise(actor, action, dossier)
    previous = dossier.status
    dossier.status = check_transition(dossier, action)
    at = now()
    dossier.closed_at = at
    fields = ["status", "closed_at", "current_step", "current_assignee", "current_unit"]
    if processed:
        dossier.finished_at = at
        dossier.timeliness = timeliness(at, dossier.due_at)
        fields += ["finished_at", "timeliness"]
    dossier.pauses.filter(ended_at__isnull=True).update(ended_at=at)
    dossier.current_step, dossier.current_assignee, dossier.current_unit = None, None, None
    dossier.save(update_fields=fields)
    record(dossier=dossier, actor=actor, action=action, from_status=previous, at=at, reason=reason)
    return dossier


@transaction.atomic
def dossier_withdraw(*, actor: Any, dossier: Dossier, reason: str) -> Dossier:
    """Withdrawal at the applicant's written request; counted as processed."""
    return _close(lock(dossier), actor=actor, action=Action.WITHDRAW, reason=reason, processed=True)


@transaction.atomic
def dossier_stop(*, actor: Any, dossier: Dossier, reason: str) -> Dossier:
    """Stop processing (e.g. a legal obstacle); counted as paused."""
    dossier = _close(lock(dossier), actor=actor, action=Action.STOP, reason=reason, processed=False)
    notices.notify_stopped(dossier, reason=reason)
    return dossier


@transaction.atomic
def apology_draft(*, actor: Any, dossier: Dossier, reason: str, new_due_at: datetime) -> Apology:
    """The handler drafts Mẫu 04 before the appointment is missed; a leader approves it."""
    require_text(reason, "Phải nêu rõ lý do chậm trả kết quả.")
    dossier = lock(dossier)
    authorise(actor, Action.DRAFT_APOLOGY, dossier)
    check_transition(dossier, Action.DRAFT_APOLOGY)
    current_due = dossier.rescheduled_due_at or dossier.due_at
    if current_due is None:
        raise ValidationError("Hồ sơ không có ngày hẹn trả.")
    if new_due_at <= current_due:
        raise ValidationError("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.")
    if dossier.apologies.filter(status=ApologyStatus.DRAFT).exists():
        raise ValidationError("Hồ sơ đã có một phiếu xin lỗi đang chờ duyệt.")
    apology = Apology.objects.create(
        dossier=dossier, reason=reason, previous_due_at=current_due, new_due_at=new_due_at, drafted_by=actor
    )
    record(
        dossier=dossier,
        actor=actor,
        action=Action.DRAFT_APOLOGY,
        from_status=dossier.status,
        at=now(),
        reason=reason,
        after={"new_due_at": new_due_at.isoformat()},
    )
    return apology


@transaction.atomic
def apology_decide(*, actor: Any, apology: Apology, approve: bool, note: str = "") -> Apology:
    """A leader approves (the applicant is told the new appointment) or rejects the draft."""
    apology = Apology.objects.select_for_update().get(pk=apology.pk)
    dossier = lock(apology.dossier)
    action = Action.APPROVE_APOLOGY if approve else Action.REJECT_APOLOGY
    authorise(actor, action, dossier)
    check_transition(dossier, action)
    if apology.status != ApologyStatus.DRAFT:
        raise ValidationError("Phiếu xin lỗi này đã được xử lý.")
    at = now()
    apology.status = ApologyStatus.APPROVED if approve else ApologyStatus.REJECTED
    apology.decided_by, apology.decided_at = actor, at
    apology.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        dossier.rescheduled_due_at = apology.new_due_at
        dossier.save(update_fields=["rescheduled_due_at"])
        notices.notify_apology(dossier, apology)
    record(dossier=dossier, actor=actor, action=action, from_status=dossier.status, at=at, reason=note)
    return apology


@transaction.atomic
def dossier_adjust_deadline(*, actor: Any, dossier: Dossier, due_at: datetime, reason: str) -> Dossier:
    """An administrator corrects the legal appointment (e.g. a data-entry error); always audited."""
    require_text(reason, "Phải nêu rõ lý do điều chỉnh hạn xử lý.")
    dossier = lock(dossier)
    authorise(actor, Action.ADJUST_DEADLINE, dossier)
    check_transition(dossier, Action.ADJUST_DEADLINE)
    before = dossier.due_at
    dossier.due_at = due_at
    dossier.save(update_fields=["due_at"])
    record(
        dossier=dossier,
        actor=actor,
        action=Action.ADJUST_DEADLINE,
        from_status=dossier.status,
        at=now(),
        reason=reason,
        before={"due_at": before.isoformat() if before else None},
        after={"due_at": due_at.isoformat()},
    )
    return dossier
