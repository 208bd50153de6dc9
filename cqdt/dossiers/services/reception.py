"""Reception: at the counter, online submission, acceptance, refusal, routing to the competent agency."""

import uuid
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cqdt.agencies.models import Agency
from cqdt.catalog.models import Procedure, ProcedureCase
from cqdt.catalog.services import case_validate_form_data
from cqdt.core.calendar import calendar_from_settings
from cqdt.core.text import search_text
from cqdt.dossiers import access, notices
from cqdt.dossiers.codes import next_dossier_code
from cqdt.dossiers.deadlines import appointment_for, step_deadline
from cqdt.dossiers.models import Channel, Dossier, DossierComponent, DossierStep, FileKind
from cqdt.dossiers.services._common import (
    ApplicantData,
    begin,
    involve,
    now,
    record,
    require_text,
    store_files,
)
from cqdt.dossiers.status import Action, DossierStatus, next_status

Uploads = dict[str, list[Any]]  # component code → uploaded files


def competent_agency(
    *, case: ProcedureCase, applicant: ApplicantData, handling_agency: Agency | None, receiving_unit: Agency
) -> Agency:
    """The agency that decides the dossier, whichever centre received it (Decree 118/2025).

    An explicit choice must be one of the procedure's agencies; otherwise the only agency, the one the
    receiving unit belongs to (a commune's desk receives for its own committee), or the one whose
    administrative unit is the applicant's.
    """
    agencies = list(case.procedure.agencies.all())
    if handling_agency is not None:
        if handling_agency not in agencies:
            raise ValidationError(f"{handling_agency.name} không có thẩm quyền giải quyết thủ tục này.")
        return handling_agency
    if len(agencies) == 1:
        return agencies[0]
    own = [a for a in agencies if receiving_unit.path.startswith(a.path)]
    if len(own) == 1:
        return own[0]
    if applicant.address_unit is not None:
        local = [a for a in agencies if a.administrative_unit_id == applicant.address_unit.pk]
        if len(local) == 1:
            return local[0]
    raise ValidationError("Cần chọn cơ quan có thẩm quyền giải quyết hồ sơ.")


def _validate_case(case: ProcedureCase, form_data: dict[str, Any]) -> None:
    if not case.is_active or not case.procedure.is_active:
        raise ValidationError("Thủ tục hoặc trường hợp này hiện không còn áp dụng.")
    errors = case_validate_form_data(case, form_data)
    if errors:
        raise ValidationError([f"{e.path}: {e.message}" if e.path else e.message for e in errors])


def _create(
    *,
    case: ProcedureCase,
    unit: Agency,
    applicant: ApplicantData,
    summary: str,
    form_data: dict[str, Any],
    channel: str,
    status: int,
    at: datetime,
    handling_agency: Agency,
    applicant_user: Any,
) -> Dossier:
    """Create the dossier under a provisional code; `_assign_code` gives it its public code last."""
    procedure: Procedure = case.procedure
    dossier = Dossier.objects.create(
        code=f"~{uuid.uuid4().hex}",
        procedure=procedure,
        case=case,
        receiving_unit=unit,
        handling_agency=handling_agency,
        channel=channel,
        status=status,
        applicant_type=applicant.applicant_type,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_birth_date=applicant.birth_date,
        applicant_address_unit=applicant.address_unit,
        applicant_address=applicant.address,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_user=applicant_user,
        representative=applicant.representative,
        summary=summary or procedure.name,
        form_data=form_data,
        submitted_at=at,
    )
    DossierComponent.objects.bulk_create(
        DossierComponent(
            dossier=dossier,
            position=component.position,
            name=component.name,
            originals=component.originals,
            copies=component.copies,
            mandatory=component.is_mandatory,
        )
        for component in case.components.all()
    )
    involve(dossier, unit, handling_agency)
    return dossier


def _assign_code(dossier: Dossier, at: datetime) -> None:
    """Take the unit's next number as late as possible: the counter row stays locked until commit."""
    dossier.code = next_dossier_code(unit=dossier.receiving_unit, at=at)
    dossier.search_text = search_text(
        dossier.code, dossier.applicant_name, dossier.applicant_id_number, dossier.procedure.name
    )
    dossier.save(update_fields=["code", "search_text"])


def attach_uploads(dossier: Dossier, uploads: Uploads, actor: Any, kind: str = FileKind.SUBMISSION) -> None:
    by_code = {c.code: c.name for c in dossier.case.components.all()}
    components = {c.name: c for c in dossier.components.all()}
    pairs: list[tuple[DossierComponent | None, Any]] = []
    for code, files in uploads.items():
        if code not in by_code:
            raise ValidationError(f"Thành phần hồ sơ “{code}” không thuộc trường hợp này.")
        pairs.extend((components[by_code[code]], upload) for upload in files)
    store_files(dossier=dossier, uploads=pairs, kind=kind, actor=actor)


def _start_processing(dossier: Dossier, *, actor: Any, at: datetime) -> DossierStep:
    """Copy the case's process into steps; the receiving officer holds the first one."""
    calendar = calendar_from_settings()
    dossier.received_at = at
    dossier.due_at = appointment_for(dossier.case, at, calendar)
    templates = list(dossier.case.steps.order_by("position"))
    if not templates:
        raise ValidationError("Trường hợp này chưa có quy trình nội bộ; không thể tiếp nhận.")
    steps = DossierStep.objects.bulk_create(
        DossierStep(
            dossier=dossier,
            position=template.position,
            name=template.name,
            role=template.role,
            agency=dossier.receiving_unit if index == 0 else dossier.handling_agency,
            allotted_hours=template.hours,
        )
        for index, template in enumerate(templates)
    )
    first = steps[0]
    first.assignee = actor
    first.started_at = at
    first.deadline = step_deadline(at, first.allotted_hours, calendar)
    first.save(update_fields=["assignee", "started_at", "deadline"])
    dossier.current_step = first
    dossier.current_unit = dossier.receiving_unit
    dossier.current_assignee = actor
    dossier.save(
        update_fields=["received_at", "due_at", "current_step", "current_unit", "current_assignee", "status"]
    )
    return first


@transaction.atomic
def dossier_receive(
    *,
    actor: Any,
    unit: Agency,
    case: ProcedureCase,
    applicant: ApplicantData,
    summary: str = "",
    form_data: dict[str, Any] | None = None,
    uploads: Uploads | None = None,
    channel: str = Channel.IN_PERSON,
    handling_agency: Agency | None = None,
) -> Dossier:
    """Receive a dossier at the counter (or by post): code, appointment, steps, receipt notification."""
    if channel == Channel.ONLINE:
        raise ValidationError("Hồ sơ trực tuyến được tiếp nhận bằng thao tác “Tiếp nhận hồ sơ trực tuyến”.")
    if not access.may_receive_at(actor, unit):
        raise PermissionDenied(f"Bạn không phải cán bộ một cửa của {unit.name}.")
    form_data = form_data or {}
    _validate_case(case, form_data)
    agency = competent_agency(
        case=case, applicant=applicant, handling_agency=handling_agency, receiving_unit=unit
    )
    at = now()
    status = next_status(Action.RECEIVE, None) or DossierStatus.RECEIVED
    dossier = _create(
        case=case,
        unit=unit,
        applicant=applicant,
        summary=summary,
        form_data=form_data,
        channel=channel,
        status=status,
        at=at,
        handling_agency=agency,
        applicant_user=None,
    )
    attach_uploads(dossier, uploads or {}, actor)
    step = _start_processing(dossier, actor=actor, at=at)
    _assign_code(dossier, at)
    record(
        dossier=dossier, actor=actor, action=Action.RECEIVE, from_status=None, at=at, to_unit=unit, step=step
    )
    notices.notify_received(dossier)
    return dossier


@transaction.atomic
def dossier_submit_online(
    *,
    applicant_user: Any,
    unit: Agency,
    case: ProcedureCase,
    applicant: ApplicantData,
    summary: str = "",
    form_data: dict[str, Any] | None = None,
    uploads: Uploads | None = None,
    handling_agency: Agency | None = None,
) -> Dossier:
    """A citizen's online submission: status "mới đăng ký", waiting for the desk to accept it."""
    form_data = form_data or {}
    _validate_case(case, form_data)
    agency = competent_agency(
        case=case, applicant=applicant, handling_agency=handling_agency, receiving_unit=unit
    )
    at = now()
    dossier = _create(
        case=case,
        unit=unit,
        applicant=applicant,
        summary=summary,
        form_data=form_data,
        channel=Channel.ONLINE,
        status=DossierStatus.SUBMITTED,
        at=at,
        handling_agency=agency,
        applicant_user=applicant_user,
    )
    attach_uploads(dossier, uploads or {}, applicant_user)
    _assign_code(dossier, at)
    record(
        dossier=dossier,
        actor=applicant_user,
        action=Action.SUBMIT_ONLINE,
        from_status=None,
        at=at,
        to_unit=unit,
    )
    return dossier


@transaction.atomic
def dossier_accept_online(*, actor: Any, dossier: Dossier) -> Dossier:
    dossier, previous = begin(dossier, actor=actor, action=Action.ACCEPT_ONLINE)
    at = now()
    step = _start_processing(dossier, actor=actor, at=at)
    record(
        dossier=dossier,
        actor=actor,
        action=Action.ACCEPT_ONLINE,
        from_status=previous,
        at=at,
        to_unit=dossier.receiving_unit,
        step=step,
    )
    notices.notify_received(dossier)
    return dossier


@transaction.atomic
def dossier_refuse_reception(*, actor: Any, dossier: Dossier, reason: str) -> Dossier:
    """Refuse an online submission (Mẫu 03); the reason is mandatory."""
    require_text(reason, "Phải nêu rõ lý do từ chối tiếp nhận.")
    dossier, previous = begin(dossier, actor=actor, action=Action.REFUSE_RECEPTION)
    at = now()
    dossier.closed_at = at
    dossier.save(update_fields=["status", "closed_at"])
    record(
        dossier=dossier,
        actor=actor,
        action=Action.REFUSE_RECEPTION,
        from_status=previous,
        at=at,
        reason=reason,
    )
    notices.notify_refused(dossier, reason=reason)
    return dossier
