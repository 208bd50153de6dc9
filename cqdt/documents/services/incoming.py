"""Incoming documents: registration with an arrival number, the leader's direction, handling, completion."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cqdt.agencies.models import Agency
from cqdt.documents import access
from cqdt.documents.files import ATTACHMENT_TYPES, MAIN_TYPES, check_upload
from cqdt.documents.files import Upload as UploadFile
from cqdt.documents.models import DocumentType, IncomingDocument, IncomingHandler, OutgoingDocument
from cqdt.documents.numbering import legal_date, next_number
from cqdt.documents.services._common import (
    incoming_search_text,
    lock_incoming,
    now,
    record_incoming,
    store_incoming_file,
    user_or_none,
)
from cqdt.documents.services.registers import register_default
from cqdt.documents.status import (
    Channel,
    Confidentiality,
    HandlerRole,
    IncomingAction,
    IncomingStatus,
    RegisterDirection,
    Urgency,
    next_incoming_status,
    refuse_secret,
)


@dataclass(frozen=True)
class IncomingMetadata:
    """What the clerk copies from the document (Decree 30/2020 Appendix VI)."""

    issuer_name: str
    number: str
    issued_on: date
    document_type: DocumentType
    summary: str
    notation: str = ""
    urgency: str = Urgency.NORMAL
    confidentiality: str = Confidentiality.NORMAL
    signer_name: str = ""
    page_count: int | None = None
    issuer: Agency | None = None


def _validate(metadata: IncomingMetadata, arrived_at: datetime) -> None:
    errors: dict[str, list[str]] = {}
    if not metadata.issuer_name.strip():
        errors["issuer_name"] = ["Cần nhập cơ quan ban hành văn bản."]
    if not metadata.number.strip():
        errors["number"] = ["Cần nhập số của văn bản."]
    if not metadata.summary.strip():
        errors["summary"] = ["Cần nhập trích yếu nội dung."]
    if metadata.urgency not in Urgency.values:
        errors["urgency"] = ["Độ khẩn không hợp lệ."]
    if not metadata.document_type.is_active:
        errors["document_type"] = ["Loại văn bản này không còn sử dụng."]
    if metadata.issued_on > legal_date(arrived_at):
        errors["issued_on"] = ["Ngày ban hành không thể sau ngày văn bản đến."]
    if metadata.page_count is not None and metadata.page_count < 1:
        errors["page_count"] = ["Số trang phải lớn hơn 0."]
    if errors:
        raise ValidationError(errors)


def _take_arrival_number(document: IncomingDocument, *, at: datetime) -> None:
    """Number the document as late as possible: the counter row stays locked until the commit."""
    register = register_default(agency=document.agency, direction=RegisterDirection.INCOMING)
    year = legal_date(at).year
    document.register = register
    document.year = year
    document.arrival_number = next_number(register=register, year=year)


@transaction.atomic
def incoming_register(
    *,
    actor: Any,
    agency: Agency,
    metadata: IncomingMetadata,
    main_file: UploadFile,
    attachments: Sequence[UploadFile] = (),
    channel: str = Channel.PAPER,
    arrived_at: datetime | None = None,
) -> IncomingDocument:
    """Register a document brought in by the clerk (a scanned paper one, or an electronic one received
    outside the system) in the agency's incoming register, with the next arrival number of the year."""
    if agency.pk not in access.roles_of(actor).clerk_of:
        raise PermissionDenied("Chỉ văn thư của cơ quan được vào sổ văn bản đến.")
    refuse_secret(metadata.confidentiality)
    at = now()
    arrived_at = arrived_at or at
    if arrived_at > at:
        raise ValidationError({"arrived_at": "Thời điểm văn bản đến không thể ở tương lai."})
    if channel not in Channel.values:
        raise ValidationError({"channel": "Hình thức văn bản không hợp lệ."})
    _validate(metadata, arrived_at)
    main = check_upload(main_file, allowed=MAIN_TYPES)
    extra = [check_upload(upload, allowed=ATTACHMENT_TYPES) for upload in attachments]
    document = IncomingDocument(
        agency=agency,
        status=IncomingStatus.REGISTERED,
        channel=channel,
        arrived_at=arrived_at,
        registered_at=at,
        registered_by=user_or_none(actor),
        issuer_name=metadata.issuer_name.strip(),
        issuer=metadata.issuer,
        number=metadata.number.strip(),
        notation=metadata.notation.strip(),
        issued_on=metadata.issued_on,
        document_type=metadata.document_type,
        summary=metadata.summary.strip(),
        urgency=metadata.urgency,
        confidentiality=metadata.confidentiality,
        signer_name=metadata.signer_name.strip(),
        page_count=metadata.page_count or main.page_count,
    )
    document.save()
    store_incoming_file(document, main, is_main=True, actor=actor)
    for checked in extra:
        store_incoming_file(document, checked, is_main=False, actor=actor)
    _take_arrival_number(document, at=at)
    document.search_text = incoming_search_text(document)
    document.save(update_fields=["register", "year", "arrival_number", "search_text", "updated_at"])
    record_incoming(
        document,
        actor=actor,
        action=IncomingAction.REGISTER,
        from_status="",
        at=at,
        after={"arrival_number": document.arrival_number, "year": document.year},
    )
    return document


@transaction.atomic
def incoming_register_received(*, actor: Any, document: IncomingDocument) -> IncomingDocument:
    """Register a document delivered electronically through the system (acknowledges its receipt)."""
    document = lock_incoming(document)
    access.require_incoming(actor, IncomingAction.REGISTER, document)
    from_status = document.status
    document.status = next_incoming_status(IncomingAction.REGISTER, from_status)
    at = now()
    document.registered_at = at
    document.registered_by = user_or_none(actor)
    _take_arrival_number(document, at=at)
    document.search_text = incoming_search_text(document)
    document.save(
        update_fields=[
            "status",
            "registered_at",
            "registered_by",
            "register",
            "year",
            "arrival_number",
            "search_text",
            "updated_at",
        ]
    )
    record_incoming(
        document,
        actor=actor,
        action=IncomingAction.REGISTER,
        from_status=from_status,
        at=at,
        after={"arrival_number": document.arrival_number, "year": document.year},
    )
    return document


@transaction.atomic
def incoming_return(*, actor: Any, document: IncomingDocument, reason: str) -> IncomingDocument:
    """Send back a delivered document that is mis-addressed or fails its checks (Decree 30/2020 art. 20)."""
    document = lock_incoming(document)
    access.require_incoming(actor, IncomingAction.RETURN, document)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Cần ghi rõ lý do trả lại văn bản."})
    from_status = document.status
    document.status = next_incoming_status(IncomingAction.RETURN, from_status)
    document.save(update_fields=["status", "updated_at"])
    record_incoming(
        document, actor=actor, action=IncomingAction.RETURN, from_status=from_status, at=now(), note=reason
    )
    return document


def _members(agency: Agency) -> tuple[set[int], dict[int, set[int]]]:
    """The units of the agency, and for each staff member of the agency the units they work in."""
    units = {unit.pk for unit in access.agency_units(agency)}
    people: dict[int, set[int]] = {}
    for user_id, unit_id in (
        access.assignments_in_force().filter(unit_id__in=units).values_list("user_id", "unit_id")
    ):
        people.setdefault(user_id, set()).add(unit_id)
    return units, people


@dataclass(frozen=True)
class Handling:
    """The leader's direction: one lead (a unit, a person, or a person in a unit), co-handlers, a deadline."""

    lead_unit: Agency | None = None
    lead_user: Any = None
    co_units: Sequence[Agency] = ()
    co_users: Sequence[Any] = ()
    deadline: date | None = None


def _check_handling(agency: Agency, handling: Handling, today: date) -> None:
    units, people = _members(agency)
    errors: dict[str, list[str]] = {}
    if handling.lead_unit is None and handling.lead_user is None:
        errors["lead"] = ["Cần chọn đơn vị hoặc cá nhân chủ trì xử lý."]
    for unit in [handling.lead_unit, *handling.co_units]:
        if unit is not None and unit.pk not in units:
            errors.setdefault("units", []).append(f"“{unit.name}” không thuộc {agency.name}.")
    for user in [handling.lead_user, *handling.co_users]:
        if user is not None and user.pk not in people:
            errors.setdefault("users", []).append(f"“{user}” không phải cán bộ của {agency.name}.")
    lead_user, lead_unit = handling.lead_user, handling.lead_unit
    if (
        lead_user is not None
        and lead_unit is not None
        and lead_unit.pk not in people.get(lead_user.pk, set())
    ):
        errors.setdefault("lead", []).append(f"“{lead_user}” không làm việc tại {lead_unit.name}.")
    if handling.deadline is not None and handling.deadline < today:
        errors["deadline"] = ["Hạn xử lý không thể trước ngày hôm nay."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def incoming_direct(
    *, actor: Any, document: IncomingDocument, handling: Handling, note: str = ""
) -> IncomingDocument:
    """The leader's direction (ý kiến chỉ đạo): lead, co-handlers and deadline; a new one replaces the old."""
    document = lock_incoming(document)
    access.require_incoming(actor, IncomingAction.DIRECT, document)
    from_status = document.status
    status = next_incoming_status(IncomingAction.DIRECT, from_status)
    at = now()
    _check_handling(document.agency, handling, legal_date(at))
    document.handlers.all().delete()
    rows = [IncomingHandler(role=HandlerRole.LEAD, unit=handling.lead_unit, user=handling.lead_user)]
    seen: set[tuple[str, int]] = set()
    for unit in handling.co_units:
        if unit != handling.lead_unit and ("unit", unit.pk) not in seen:
            seen.add(("unit", unit.pk))
            rows.append(IncomingHandler(role=HandlerRole.CO, unit=unit))
    for user in handling.co_users:
        if user != handling.lead_user and ("user", user.pk) not in seen:
            seen.add(("user", user.pk))
            rows.append(IncomingHandler(role=HandlerRole.CO, user=user))
    for row in rows:
        row.document = document
        row.assigned_at = at
        row.assigned_by = actor
    IncomingHandler.objects.bulk_create(rows)
    document.status = status
    document.direction_note = note.strip()
    document.directed_at = at
    document.directed_by = actor
    document.deadline = handling.deadline
    document.save(
        update_fields=["status", "direction_note", "directed_at", "directed_by", "deadline", "updated_at"]
    )
    lead = handling.lead_user or handling.lead_unit
    record_incoming(
        document,
        actor=actor,
        action=IncomingAction.DIRECT,
        from_status=from_status,
        at=at,
        note=note.strip(),
        after={
            "lead": str(lead),
            "co_handlers": [str(row.user or row.unit) for row in rows[1:]],
            "deadline": handling.deadline.isoformat() if handling.deadline else None,
        },
    )
    return document


@transaction.atomic
def incoming_assign_handler(
    *, actor: Any, document: IncomingDocument, handler: IncomingHandler, user: Any
) -> IncomingHandler:
    """The unit leader names the person of the unit who handles its part (phân công cán bộ xử lý)."""
    document = lock_incoming(document)
    handler = (
        IncomingHandler.objects.select_for_update(of=("self",)).select_related("unit").get(pk=handler.pk)
    )
    if handler.document_id != document.pk or handler.unit is None:
        raise ValidationError("Chỉ phân công người xử lý cho phần việc được giao cho một đơn vị.")
    access.require_incoming(actor, IncomingAction.ASSIGN_HANDLER, document, handler=handler)
    next_incoming_status(IncomingAction.ASSIGN_HANDLER, document.status)
    if not access.assignments_in_force().filter(user=user, unit=handler.unit).exists():
        raise ValidationError({"user": f"“{user}” không làm việc tại {handler.unit.name}."})
    before = handler.user_id
    handler.user = user
    handler.assigned_at = now()
    handler.assigned_by = actor
    handler.due_soon_reminded_at = None
    handler.overdue_reminded_at = None
    handler.save(
        update_fields=["user", "assigned_at", "assigned_by", "due_soon_reminded_at", "overdue_reminded_at"]
    )
    record_incoming(
        document,
        actor=actor,
        action=IncomingAction.ASSIGN_HANDLER,
        from_status=document.status,
        at=handler.assigned_at,
        note=f"{handler.unit.name}: giao {user} xử lý ({handler.get_role_display().lower()}).",
        before={"handler_user": before},
        after={"handler_user": user.pk},
    )
    return handler


@transaction.atomic
def incoming_add_note(*, actor: Any, document: IncomingDocument, text: str) -> IncomingDocument:
    """A handler's progress note or proposal (ý kiến đề xuất của người xử lý)."""
    document = lock_incoming(document)
    access.require_incoming(actor, IncomingAction.NOTE, document)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Cần nhập nội dung tiến độ hoặc ý kiến đề xuất."})
    from_status = document.status
    document.status = next_incoming_status(IncomingAction.NOTE, from_status)
    document.save(update_fields=["status", "updated_at"])
    record_incoming(
        document, actor=actor, action=IncomingAction.NOTE, from_status=from_status, at=now(), note=text
    )
    return document


@transaction.atomic
def incoming_complete(
    *, actor: Any, document: IncomingDocument, result: str, reply: OutgoingDocument | None = None
) -> IncomingDocument:
    """The lead handler (or the leader) closes the handling, optionally naming the reply it produced."""
    document = lock_incoming(document)
    access.require_incoming(actor, IncomingAction.COMPLETE, document)
    result = result.strip()
    if not result:
        raise ValidationError({"result": "Cần nêu kết quả xử lý văn bản."})
    if reply is not None and reply.agency_id != document.agency_id:
        raise ValidationError({"reply": "Văn bản trả lời phải do chính cơ quan ban hành."})
    from_status = document.status
    document.status = next_incoming_status(IncomingAction.COMPLETE, from_status)
    document.completed_at = now()
    document.completed_late = (
        document.deadline is not None and legal_date(document.completed_at) > document.deadline
    )
    document.completed_by = actor
    document.result_note = result
    document.reply = reply
    document.save(
        update_fields=[
            "status",
            "completed_at",
            "completed_late",
            "completed_by",
            "result_note",
            "reply",
            "updated_at",
        ]
    )
    record_incoming(
        document,
        actor=actor,
        action=IncomingAction.COMPLETE,
        from_status=from_status,
        at=document.completed_at,
        note=result,
        after={"reply": reply.number_notation if reply else None},
    )
    return document
