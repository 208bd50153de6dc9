"""Incoming documents: the register, registration, the leader's direction, handling, the slip."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from cqdt.core.errors import NotFoundError
from cqdt.documents import access, selectors, services
from cqdt.documents.api import common
from cqdt.documents.api.output import incoming_detail, incoming_item
from cqdt.documents.api.schemas import (
    AssignHandlerIn,
    CompleteIn,
    DirectIn,
    IncomingListItem,
    IncomingOut,
    IncomingRegisterIn,
    NoteIn,
    ReasonIn,
)
from cqdt.documents.models import IncomingDocument
from cqdt.documents.printing.slip import handling_slip_pdf

router = Router(tags=["Văn bản đến"])


def _detail(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    return incoming_detail(request, selectors.incoming_detail(user=request.user, public_id=public_id))


def _visible(request: HttpRequest, public_id: UUID) -> IncomingDocument:
    return access.access_incoming(actor=common.staff(request), public_id=public_id)


@router.get("/incoming", response=list[IncomingListItem], summary="Văn bản đến (sổ đến, tìm kiếm)")
@paginate(LimitOffsetPagination, max_limit=common.MAX_PAGE)
def incoming_list(
    request: HttpRequest,
    q: str = Query(
        "", description="Từ khóa, không cần dấu; tìm trong số, ký hiệu, trích yếu và nội dung PDF."
    ),
    status: str = "",
    year: int | None = None,
    urgency: str = "",
) -> Any:
    filters = selectors.Filters(q=q, status=status, year=year, urgency=urgency)
    documents = selectors.incoming_list_for(user=common.staff(request), filters=filters)
    return common.Rows(documents, incoming_item)


@router.post("/incoming", response={201: IncomingOut}, summary="Vào sổ văn bản đến (văn thư)")
def incoming_register(
    request: HttpRequest,
    data: Form[IncomingRegisterIn],
    file: File[UploadedFile],
    attachments: list[UploadedFile] | None = File(None),  # noqa: B008
) -> Status[dict[str, Any]]:
    user = common.staff(request)
    metadata = services.IncomingMetadata(
        issuer_name=data.issuer_name,
        number=data.number,
        notation=data.notation,
        issued_on=data.issued_on,
        document_type=common.document_type(data.document_type),
        summary=data.summary,
        urgency=data.urgency,
        confidentiality=data.confidentiality,
        signer_name=data.signer_name,
        page_count=data.page_count,
    )
    document = services.incoming_register(
        actor=user,
        agency=common.agency(data.agency, "cơ quan nhận"),
        metadata=metadata,
        main_file=file,
        attachments=attachments or [],
        channel=data.channel,
    )
    return Status(201, _detail(request, document.public_id))


@router.get("/incoming/{public_id}", response=IncomingOut, summary="Chi tiết văn bản đến")
def incoming_get(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    common.staff(request)
    return _detail(request, public_id)


@router.post(
    "/incoming/{public_id}/register", response=IncomingOut, summary="Vào sổ văn bản nhận qua hệ thống"
)
def incoming_register_received(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    document = _visible(request, public_id)
    services.incoming_register_received(actor=request.user, document=document)
    return _detail(request, public_id)


@router.post("/incoming/{public_id}/return", response=IncomingOut, summary="Trả lại văn bản cho nơi gửi")
def incoming_return(request: HttpRequest, public_id: UUID, data: ReasonIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    services.incoming_return(actor=request.user, document=document, reason=data.reason)
    return _detail(request, public_id)


@router.post("/incoming/{public_id}/direct", response=IncomingOut, summary="Ý kiến chỉ đạo, giao xử lý")
def incoming_direct(request: HttpRequest, public_id: UUID, data: DirectIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    handling = services.Handling(
        lead_unit=common.agency(data.lead_unit, "đơn vị chủ trì") if data.lead_unit else None,
        lead_user=common.staff_member(data.lead_user, "cán bộ chủ trì") if data.lead_user else None,
        co_units=common.agencies(data.co_units, "đơn vị phối hợp"),
        co_users=[common.staff_member(u, "cán bộ phối hợp") for u in data.co_users],
        deadline=data.deadline,
    )
    services.incoming_direct(actor=request.user, document=document, handling=handling, note=data.note)
    return _detail(request, public_id)


@router.post(
    "/incoming/{public_id}/handlers/{handler_id}/assign",
    response=IncomingOut,
    summary="Lãnh đạo đơn vị phân công cán bộ xử lý",
)
def incoming_assign_handler(
    request: HttpRequest, public_id: UUID, handler_id: int, data: AssignHandlerIn
) -> dict[str, Any]:
    document = _visible(request, public_id)
    handler = document.handlers.filter(pk=handler_id).first()
    if handler is None:
        raise NotFoundError("Không tìm thấy phần việc được giao.")
    user = common.staff_member(data.user, "cán bộ xử lý")
    services.incoming_assign_handler(actor=request.user, document=document, handler=handler, user=user)
    return _detail(request, public_id)


@router.post("/incoming/{public_id}/notes", response=IncomingOut, summary="Cập nhật tiến độ, ý kiến đề xuất")
def incoming_add_note(request: HttpRequest, public_id: UUID, data: NoteIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    services.incoming_add_note(actor=request.user, document=document, text=data.text)
    return _detail(request, public_id)


@router.post("/incoming/{public_id}/complete", response=IncomingOut, summary="Hoàn thành xử lý")
def incoming_complete(request: HttpRequest, public_id: UUID, data: CompleteIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    reply = None
    if data.reply is not None:
        reply = access.outgoing_visible_to(request.user).filter(public_id=data.reply).first()
        if reply is None:
            raise common.invalid("Không tìm thấy văn bản đi trả lời hoặc bạn không được xem văn bản đó.")
    services.incoming_complete(actor=request.user, document=document, result=data.result, reply=reply)
    return _detail(request, public_id)


@router.get(
    "/incoming/{public_id}/slip",
    summary="Phiếu giải quyết văn bản đến (PDF)",
    url_name="documents_incoming_slip",
)
def incoming_slip(request: HttpRequest, public_id: UUID) -> HttpResponse:
    common.staff(request)
    document = selectors.incoming_detail(user=request.user, public_id=public_id)
    response = HttpResponse(handling_slip_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="phieu-giai-quyet-{document.arrival_number or "moi"}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/incoming/{public_id}/files/{file_id}",
    summary="Tải tệp của văn bản đến",
    url_name="documents_incoming_file",
)
def incoming_file(request: HttpRequest, public_id: UUID, file_id: UUID) -> Any:
    document = _visible(request, public_id)
    stored = document.files.filter(public_id=file_id).first()
    if stored is None:
        raise NotFoundError("Không tìm thấy tệp.")
    return common.download(stored.file, stored.original_name, stored.content_type)


@router.get("/assignments", response=list[IncomingListItem], summary="Việc của tôi (văn bản được giao xử lý)")
@paginate(LimitOffsetPagination, max_limit=common.MAX_PAGE)
def my_assignments(request: HttpRequest, include_closed: bool = False) -> Any:
    documents = selectors.assignments_for(user=common.staff(request), open_only=not include_closed)
    return common.Rows(documents, incoming_item)
