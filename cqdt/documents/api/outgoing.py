"""Outgoing documents: drafts and versions, review, approval, signature, numbering and issue, recall."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from cqdt.core.errors import NotFoundError, ProblemError
from cqdt.documents import access, selectors, services
from cqdt.documents.api import common
from cqdt.documents.api.output import outgoing_detail, outgoing_item
from cqdt.documents.api.schemas import (
    ApproverIn,
    DistributeIn,
    IssueIn,
    NoteOnlyIn,
    OutgoingCreateIn,
    OutgoingListItem,
    OutgoingOut,
    ReasonIn,
    SignIn,
)
from cqdt.documents.models import OutgoingDocument
from cqdt.documents.services.issuing import DEFAULT_SIGNATURE_BOX

router = Router(tags=["Văn bản đi"])


def _detail(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    return outgoing_detail(request, selectors.outgoing_detail(user=request.user, public_id=public_id))


def _visible(request: HttpRequest, public_id: UUID) -> OutgoingDocument:
    return access.access_outgoing(actor=common.staff(request), public_id=public_id)


@router.get("/outgoing", response=list[OutgoingListItem], summary="Văn bản đi (dự thảo, đã phát hành)")
@paginate(LimitOffsetPagination, max_limit=common.MAX_PAGE)
def outgoing_list(
    request: HttpRequest,
    q: str = Query("", description="Từ khóa, không cần dấu."),
    status: str = "",
    year: int | None = None,
    urgency: str = "",
    mine: bool = Query(False, description="Chỉ văn bản do tôi soạn."),
) -> Any:
    filters = selectors.Filters(q=q, status=status, year=year, urgency=urgency)
    documents = selectors.outgoing_list_for(user=common.staff(request), filters=filters, mine=mine)
    return common.Rows(documents, outgoing_item)


@router.get(
    "/outgoing/queues/approval", response=list[OutgoingListItem], summary="Văn bản chờ tôi xem xét, duyệt"
)
@paginate(LimitOffsetPagination, max_limit=common.MAX_PAGE)
def approval_queue(request: HttpRequest) -> Any:
    return common.Rows(selectors.approval_queue(user=common.staff(request)), outgoing_item)


@router.get(
    "/outgoing/queues/issue", response=list[OutgoingListItem], summary="Văn bản chờ ký, chờ phát hành"
)
@paginate(LimitOffsetPagination, max_limit=common.MAX_PAGE)
def issue_queue(request: HttpRequest) -> Any:
    return common.Rows(selectors.issue_queue(user=common.staff(request)), outgoing_item)


@router.post("/outgoing", response={201: OutgoingOut}, summary="Tạo dự thảo văn bản đi")
def outgoing_create(
    request: HttpRequest, data: Form[OutgoingCreateIn], file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    user = common.staff(request)
    replaces = reply_to = None
    if data.replaces is not None:
        replaces = access.outgoing_visible_to(user).filter(public_id=data.replaces).first()
        if replaces is None:
            raise common.invalid("Không tìm thấy văn bản được thay thế.")
    if data.reply_to is not None:
        reply_to = access.incoming_visible_to(user).filter(public_id=data.reply_to).first()
        if reply_to is None:
            raise common.invalid("Không tìm thấy văn bản đến được trả lời.")
    draft = services.OutgoingDraft(
        drafting_unit=common.agency(data.drafting_unit, "đơn vị soạn thảo"),
        document_type=common.document_type(data.document_type),
        summary=data.summary,
        urgency=data.urgency,
        confidentiality=data.confidentiality,
        recipients_text=data.recipients_text,
        internal_recipients=common.agencies(data.internal_recipients, "nơi nhận"),
        copies=data.copies,
        file_keeper=data.file_keeper,
        drafting_unit_abbreviation=data.drafting_unit_abbreviation,
        replaces=replaces,
        reply_to=reply_to,
    )
    document = services.outgoing_create(actor=user, draft=draft, upload=file, note=data.note)
    return Status(201, _detail(request, document.public_id))


@router.get("/outgoing/{public_id}", response=OutgoingOut, summary="Chi tiết văn bản đi")
def outgoing_get(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    common.staff(request)
    return _detail(request, public_id)


@router.post(
    "/outgoing/{public_id}/versions", response=OutgoingOut, summary="Tải lên phiên bản mới của dự thảo"
)
def outgoing_add_version(
    request: HttpRequest, public_id: UUID, data: Form[NoteOnlyIn], file: File[UploadedFile]
) -> dict[str, Any]:
    document = _visible(request, public_id)
    services.outgoing_add_version(actor=request.user, document=document, upload=file, note=data.note)
    return _detail(request, public_id)


@router.get(
    "/outgoing/{public_id}/versions/{number}",
    summary="Tải một phiên bản",
    url_name="documents_outgoing_version",
)
def outgoing_version(request: HttpRequest, public_id: UUID, number: int) -> Any:
    document = _visible(request, public_id)
    version = document.versions.filter(number=number).first()
    if version is None:
        raise NotFoundError("Không tìm thấy phiên bản.")
    return common.download(version.file, version.original_name, version.content_type)


@router.post("/outgoing/{public_id}/submit", response=OutgoingOut, summary="Trình xem xét (người soạn)")
def outgoing_submit(request: HttpRequest, public_id: UUID, data: ApproverIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    approver = common.staff_member(data.approver, "người duyệt") if data.approver else None
    services.outgoing_submit(actor=request.user, document=document, approver=approver, note=data.note)
    return _detail(request, public_id)


@router.post(
    "/outgoing/{public_id}/forward", response=OutgoingOut, summary="Trình lãnh đạo duyệt (lãnh đạo phòng)"
)
def outgoing_forward(request: HttpRequest, public_id: UUID, data: ApproverIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    if data.approver is None:
        raise common.invalid("Cần chọn lãnh đạo duyệt văn bản.")
    approver = common.staff_member(data.approver, "người duyệt")
    services.outgoing_forward(actor=request.user, document=document, approver=approver, note=data.note)
    return _detail(request, public_id)


@router.post("/outgoing/{public_id}/send-back", response=OutgoingOut, summary="Trả lại để chỉnh sửa")
def outgoing_send_back(request: HttpRequest, public_id: UUID, data: ReasonIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    services.outgoing_send_back(actor=request.user, document=document, reason=data.reason)
    return _detail(request, public_id)


@router.post("/outgoing/{public_id}/approve", response=OutgoingOut, summary="Duyệt ban hành (lãnh đạo)")
def outgoing_approve(request: HttpRequest, public_id: UUID, data: NoteOnlyIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    services.outgoing_approve(actor=request.user, document=document, note=data.note)
    return _detail(request, public_id)


@router.post("/outgoing/{public_id}/sign", response=OutgoingOut, summary="Ký số bản đã duyệt (lãnh đạo)")
def outgoing_sign(request: HttpRequest, public_id: UUID, data: SignIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    if not access.may_outgoing(request.user, "sign", document):
        raise PermissionDenied("Bạn không có quyền ký số văn bản này.")
    try:
        from cqdt.signing.selectors import certificate_list_usable_by
    except ImportError as error:
        raise ProblemError(501, "Chưa hỗ trợ", "Chức năng ký số chưa được cài đặt.") from error
    certificate = certificate_list_usable_by(user=request.user).filter(public_id=data.certificate).first()
    if certificate is None:
        raise common.invalid("Không tìm thấy chứng thư số bạn được dùng để ký.")
    latest = document.versions.order_by("-number").first()
    services.outgoing_sign(
        actor=request.user,
        document=document,
        certificate=certificate,
        secret=data.secret,
        page=data.page or (latest.page_count if latest and latest.page_count else 1),
        box=data.box or DEFAULT_SIGNATURE_BOX,
    )
    return _detail(request, public_id)


@router.post(
    "/outgoing/{public_id}/paper-signature", response=OutgoingOut, summary="Cập nhật bản giấy đã ký (văn thư)"
)
def outgoing_paper_signature(
    request: HttpRequest, public_id: UUID, data: Form[NoteOnlyIn], file: File[UploadedFile]
) -> dict[str, Any]:
    document = _visible(request, public_id)
    services.outgoing_record_paper_signature(
        actor=request.user, document=document, upload=file, note=data.note
    )
    return _detail(request, public_id)


@router.post("/outgoing/{public_id}/issue", response=OutgoingOut, summary="Cấp số và phát hành (văn thư)")
def outgoing_issue(request: HttpRequest, public_id: UUID, data: IssueIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    register = None
    if data.register_id is not None:
        register = selectors.registers_for(user=request.user).filter(public_id=data.register_id).first()
        if register is None:
            raise common.invalid("Không tìm thấy sổ đăng ký văn bản đi được chọn.")
    services.outgoing_issue(actor=request.user, document=document, register=register)
    return _detail(request, public_id)


@router.post("/outgoing/{public_id}/distribute", response=OutgoingOut, summary="Gửi thêm nơi nhận (văn thư)")
def outgoing_distribute(request: HttpRequest, public_id: UUID, data: DistributeIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    recipients = common.agencies(data.recipients, "nơi nhận")
    services.outgoing_distribute(actor=request.user, document=document, recipients=recipients)
    return _detail(request, public_id)


@router.post("/outgoing/{public_id}/recall", response=OutgoingOut, summary="Thu hồi văn bản đã phát hành")
def outgoing_recall(request: HttpRequest, public_id: UUID, data: ReasonIn) -> dict[str, Any]:
    document = _visible(request, public_id)
    services.outgoing_recall(actor=request.user, document=document, reason=data.reason)
    return _detail(request, public_id)
