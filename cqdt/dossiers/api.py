"""JSON API of the one-stop back office (mounted at /api/v1/dossiers/): inboxes, reception, the dossier,
its actions, history, files and slips. Staff only: the session (with CSRF) or a personal bearer token.

Actions go through the same forms as the HTML workspace (`cqdt.dossiers.forms`), so both validate alike;
a dossier the caller may not see is a 404, an action they may not take a 403, invalid input a 400 —
all as problem+json.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from cqdt.catalog.models import Procedure
from cqdt.core.errors import NotFoundError, ProblemError
from cqdt.core.json_renderer import rendered_as_built
from cqdt.dossiers import slips as slip_pdfs
from cqdt.dossiers.access import access_dossier, may
from cqdt.dossiers.action_forms import ACTION_FORMS
from cqdt.dossiers.api_auth import AUTH
from cqdt.dossiers.api_output import dossier_out, list_item
from cqdt.dossiers.api_schemas import (
    AdjustDeadlineIn,
    ApologyIn,
    AssigneeIn,
    BoxCountOut,
    BoxName,
    DecideIn,
    DossierOut,
    FeesIn,
    FiltersIn,
    HistoryOut,
    InboxOut,
    NoteIn,
    OptionalReasonIn,
    ReasonIn,
    ReassignIn,
    ReceiveIn,
    RecordResultIn,
    ReturnIn,
    SignResultIn,
    SupplementRegisterIn,
    SupplementRequestIn,
    TransferIn,
)
from cqdt.dossiers.deadlines import DeadlineClock
from cqdt.dossiers.forms import ReceptionForm, Uploads
from cqdt.dossiers.models import ApologyStatus, Dossier, DossierStatus
from cqdt.dossiers.selectors import (
    Box,
    InboxFilters,
    box_counts,
    dossier_detail,
    dossier_for_action,
    inbox_page,
)
from cqdt.dossiers.status import Action
from cqdt.dossiers.workspace_queries import (
    desk_units,
    dossier_apology,
    dossier_file,
    dossier_pause,
    history_for,
    is_staff,
    reception_cases,
    refusal_reason,
)

router = Router(auth=AUTH, tags=["Một cửa điện tử — hồ sơ"])

MAX_PAGE = 100
PDF = "application/pdf"


def _staff(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not is_staff(user):
        raise PermissionDenied("Chức năng này chỉ dành cho cán bộ, công chức.")
    return user


def _dossier(request: HttpRequest, code: str) -> tuple[Any, Dossier]:
    user = _staff(request)
    dossier = dossier_detail(user=user, code=code)
    if dossier is None:
        raise NotFoundError("Không tìm thấy hồ sơ hoặc bạn không có quyền xem hồ sơ này.")
    return user, dossier


def _visible(request: HttpRequest, code: str) -> Dossier:
    """The dossier alone (no related rows), for the endpoints that only need to check access."""
    return access_dossier(actor=_staff(request), code=code)


def _form_problem(errors: Mapping[str, Any]) -> ProblemError:
    details = [
        {"location": "" if name == "__all__" else name, "message": str(message)}
        for name, messages in errors.items()
        for message in messages
    ]
    return ProblemError(
        400, "Dữ liệu không hợp lệ", "; ".join(item["message"] for item in details), extra={"errors": details}
    )


def _uploads(file_components: list[str], files: list[UploadedFile] | None) -> Uploads:
    files = files or []
    if len(file_components) != len(files):
        raise ProblemError(
            400,
            "Dữ liệu không hợp lệ",
            "Số mã thành phần trong `file_components` phải bằng số tệp trong `files`.",
        )
    uploads: Uploads = {}
    for code, upload in zip(file_components, files, strict=True):
        uploads.setdefault(code, []).append(upload)
    return uploads


@router.get("/boxes", response=list[BoxCountOut], summary="Số hồ sơ trong từng hộp")
def boxes(request: HttpRequest) -> list[dict[str, Any]]:
    counts = box_counts(_staff(request))
    return [{"box": box, "label": Box.LABELS[box], "count": count} for box, count in counts.items()]


@router.get("/", response=InboxOut, summary="Danh sách hồ sơ của một hộp (phân trang theo con trỏ)")
def inbox(
    request: HttpRequest,
    filters: Query[FiltersIn],
    box: BoxName = "all",
    after: int | None = Query(None, description="Giá trị `next_cursor` của trang trước."),
    limit: int = Query(25, ge=1, le=MAX_PAGE),
) -> HttpResponse:
    user = _staff(request)
    procedure_id = None
    if filters.procedure_code:
        procedure_id = (
            Procedure.objects.filter(code=filters.procedure_code).values_list("pk", flat=True).first() or -1
        )
    criteria = InboxFilters(
        procedure_id=procedure_id,
        status=filters.status,
        channel=filters.channel or "",
        received_from=filters.received_from,
        received_to=filters.received_to,
        query=filters.q,
    )
    now = timezone.now()
    page = inbox_page(user, box, filters=criteria, after=after, limit=limit, now=now)
    clock = DeadlineClock(now)
    answer = {
        "items": [list_item(d, clock=clock) for d in page.items],
        "next_cursor": page.next_cursor,
    }
    # Rendered as built: `list_item` already gives InboxOut's shape and types, and ninja's validation of the
    # 25 rows cost a sixth of the request (test_api.py checks that validating would change nothing).
    return rendered_as_built(answer)


@router.post("/", response={201: DossierOut}, summary="Tiếp nhận hồ sơ tại Bộ phận Một cửa (multipart)")
def receive(
    request: HttpRequest,
    payload: ReceiveIn,
    files: list[UploadedFile] | None = File(None),  # noqa: B008
) -> Status[dict[str, Any]]:
    """`payload` is a JSON part; each file in `files` belongs to the component named at the same position
    of `payload.file_components`."""
    user = _staff(request)
    units = desk_units(user)
    if not units:
        raise PermissionDenied("Chỉ cán bộ Bộ phận Một cửa mới được tiếp nhận hồ sơ.")
    case = (
        reception_cases()
        .prefetch_related("procedure__agencies")
        .filter(procedure__code=payload.procedure_code, code=payload.case_code)
        .first()
    )
    if case is None:
        raise NotFoundError("Không tìm thấy thủ tục, trường hợp giải quyết đang áp dụng với mã đã gửi.")
    applicant = payload.applicant
    data = {
        "unit": str(payload.unit or ""),
        "channel": payload.channel,
        "handling_agency": str(payload.handling_agency or ""),
        "applicant_type": applicant.type,
        "applicant_name": applicant.name,
        "applicant_id_number": applicant.id_number,
        "applicant_birth_date": applicant.birth_date.isoformat() if applicant.birth_date else "",
        "applicant_address": applicant.address,
        "applicant_phone": applicant.phone,
        "applicant_email": applicant.email,
        "representative_name": applicant.representative_name,
        "summary": payload.summary,
    }
    form = ReceptionForm(data, units=units, case=case)
    if not form.is_valid():
        raise _form_problem(form.errors)
    dossier = form.receive(
        actor=user, form_data=payload.form_data, uploads=_uploads(payload.file_components, files)
    )
    return Status(201, _out(request, user, dossier.code))


def _out(request: HttpRequest, user: Any, code: str) -> dict[str, Any]:
    dossier = dossier_detail(user=user, code=code)
    if dossier is None:  # the action took the dossier out of the caller's sight
        raise NotFoundError("Không tìm thấy hồ sơ hoặc bạn không có quyền xem hồ sơ này.")
    return dossier_out(request, user, dossier)


@router.get("/{code}", response=DossierOut, summary="Chi tiết hồ sơ")
def detail(request: HttpRequest, code: str) -> dict[str, Any]:
    user, dossier = _dossier(request, code)
    return dossier_out(request, user, dossier)


@router.get("/{code}/history", response=list[HistoryOut], summary="Lịch sử xử lý")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def history(request: HttpRequest, code: str) -> Any:
    return history_for(_visible(request, code))


# An action answers with the dossier as it now is, or, when the client sends `Prefer: return=minimal`
# (RFC 7240), with 204 and no body: an integration that does not read the answer saves the dossier page's
# reads.
ACTION_OUT: dict[int, Any] = {200: DossierOut, 204: None}


def _wants_minimal(request: HttpRequest) -> bool:
    preferences = request.headers.get("Prefer", "")
    return any(part.strip().lower() == "return=minimal" for part in preferences.split(","))


def _act(
    request: HttpRequest,
    code: str,
    action: str,
    data: dict[str, Any],
    *,
    files: MultiValueDict[str, Any] | None = None,
    uploads: Uploads | None = None,
) -> Any:
    user = _staff(request)
    dossier = dossier_for_action(user=user, code=code)
    if dossier is None:
        raise NotFoundError("Không tìm thấy hồ sơ hoặc bạn không có quyền xem hồ sơ này.")
    if not may(user, action, dossier):
        raise PermissionDenied(f"Bạn không có quyền “{Action(action).label}” đối với hồ sơ {dossier.code}.")
    form = ACTION_FORMS[action](data, files, dossier=dossier, actor=user, uploads=uploads)
    if not form.is_valid():
        raise _form_problem(form.errors)
    form.perform()
    if _wants_minimal(request):
        return HttpResponse(status=204, headers={"Preference-Applied": "return=minimal"})
    return _out(request, user, dossier.code)


def _json(body: Any) -> dict[str, Any]:
    return {key: "" if value is None else value for key, value in body.model_dump(mode="json").items()}


@router.post("/{code}/actions/accept-online", response=ACTION_OUT, summary="Tiếp nhận hồ sơ trực tuyến")
def accept_online(request: HttpRequest, code: str) -> dict[str, Any]:
    return _act(request, code, Action.ACCEPT_ONLINE, {})


@router.post("/{code}/actions/refuse-reception", response=ACTION_OUT, summary="Từ chối tiếp nhận (Mẫu 03)")
def refuse_reception(request: HttpRequest, code: str, body: ReasonIn) -> dict[str, Any]:
    return _act(request, code, Action.REFUSE_RECEPTION, _json(body))


@router.post("/{code}/actions/forward", response=ACTION_OUT, summary="Chuyển bước xử lý")
def forward(request: HttpRequest, code: str, body: AssigneeIn) -> dict[str, Any]:
    return _act(request, code, Action.FORWARD, _json(body))


@router.post("/{code}/actions/approve", response=ACTION_OUT, summary="Phê duyệt (và chuyển bước sau)")
def approve(request: HttpRequest, code: str, body: DecideIn) -> dict[str, Any]:
    return _act(request, code, Action.APPROVE, _json(body))


@router.post("/{code}/actions/decline", response=ACTION_OUT, summary="Từ chối giải quyết")
def decline(request: HttpRequest, code: str, body: DecideIn) -> dict[str, Any]:
    return _act(request, code, Action.DECLINE, _json(body))


@router.post("/{code}/actions/send-back", response=ACTION_OUT, summary="Trả lại bước trước")
def send_back(request: HttpRequest, code: str, body: ReasonIn) -> dict[str, Any]:
    return _act(request, code, Action.SEND_BACK, _json(body))


@router.post("/{code}/actions/recall", response=ACTION_OUT, summary="Thu hồi hồ sơ đã chuyển")
def recall(request: HttpRequest, code: str, body: OptionalReasonIn) -> dict[str, Any]:
    return _act(request, code, Action.RECALL, _json(body))


@router.post("/{code}/actions/reassign", response=ACTION_OUT, summary="Chuyển xử lý nội bộ")
def reassign(request: HttpRequest, code: str, body: ReassignIn) -> dict[str, Any]:
    return _act(request, code, Action.REASSIGN, _json(body))


@router.post("/{code}/actions/transfer", response=ACTION_OUT, summary="Chuyển liên thông")
def transfer(request: HttpRequest, code: str, body: TransferIn) -> dict[str, Any]:
    return _act(request, code, Action.TRANSFER, _json(body))


@router.post("/{code}/actions/request-supplement", response=ACTION_OUT, summary="Yêu cầu bổ sung (Mẫu 02)")
def request_supplement(request: HttpRequest, code: str, body: SupplementRequestIn) -> dict[str, Any]:
    data = {"components": body.components, "other": "\n".join(body.other), "reason": body.reason}
    return _act(request, code, Action.REQUEST_SUPPLEMENT, data)


@router.post("/{code}/actions/register-supplement", response=ACTION_OUT, summary="Tiếp nhận hồ sơ bổ sung")
def register_supplement(
    request: HttpRequest,
    code: str,
    body: Form[SupplementRegisterIn],
    files: list[UploadedFile] | None = File(None),  # noqa: B008,
) -> dict[str, Any]:
    uploads = _uploads(body.file_components, files)
    return _act(request, code, Action.REGISTER_SUPPLEMENT, {"note": body.note}, uploads=uploads)


@router.post(
    "/{code}/actions/request-fees", response=ACTION_OUT, summary="Yêu cầu thực hiện nghĩa vụ tài chính"
)
def request_fees(request: HttpRequest, code: str, body: FeesIn) -> dict[str, Any]:
    return _act(request, code, Action.REQUEST_FEES, _json(body))


@router.post("/{code}/actions/confirm-fees", response=ACTION_OUT, summary="Xác nhận đã nộp phí, lệ phí")
def confirm_fees(request: HttpRequest, code: str, body: NoteIn) -> dict[str, Any]:
    return _act(request, code, Action.CONFIRM_FEES, _json(body))


@router.post("/{code}/actions/record-result", response=ACTION_OUT, summary="Cập nhật kết quả xử lý")
def record_result(
    request: HttpRequest,
    code: str,
    body: Form[RecordResultIn],
    result_file: UploadedFile | None = File(None),  # noqa: B008
) -> dict[str, Any]:
    files = MultiValueDict({"result_file": [result_file]}) if result_file is not None else None
    return _act(request, code, Action.RECORD_RESULT, _json(body), files=files)


@router.post("/{code}/actions/sign-result", response=ACTION_OUT, summary="Ký số kết quả (PAdES)")
def sign_result(request: HttpRequest, code: str, body: SignResultIn) -> dict[str, Any]:
    return _act(request, code, Action.SIGN_RESULT, _json(body))


@router.post("/{code}/actions/return-result", response=ACTION_OUT, summary="Trả kết quả")
def return_result(request: HttpRequest, code: str, body: ReturnIn) -> dict[str, Any]:
    return _act(request, code, Action.RETURN_RESULT, _json(body))


@router.post("/{code}/actions/withdraw", response=ACTION_OUT, summary="Rút hồ sơ theo yêu cầu")
def withdraw(request: HttpRequest, code: str, body: ReasonIn) -> dict[str, Any]:
    return _act(request, code, Action.WITHDRAW, _json(body))


@router.post("/{code}/actions/stop", response=ACTION_OUT, summary="Dừng xử lý")
def stop(request: HttpRequest, code: str, body: ReasonIn) -> dict[str, Any]:
    return _act(request, code, Action.STOP, _json(body))


@router.post("/{code}/actions/draft-apology", response=ACTION_OUT, summary="Dự thảo phiếu xin lỗi (Mẫu 04)")
def draft_apology(request: HttpRequest, code: str, body: ApologyIn) -> dict[str, Any]:
    return _act(request, code, Action.DRAFT_APOLOGY, _json(body))


@router.post(
    "/{code}/actions/approve-apology", response=ACTION_OUT, summary="Ban hành phiếu xin lỗi và hẹn lại"
)
def approve_apology(request: HttpRequest, code: str, body: NoteIn) -> dict[str, Any]:
    return _act(request, code, Action.APPROVE_APOLOGY, _json(body))


@router.post("/{code}/actions/reject-apology", response=ACTION_OUT, summary="Không duyệt phiếu xin lỗi")
def reject_apology(request: HttpRequest, code: str, body: NoteIn) -> dict[str, Any]:
    return _act(request, code, Action.REJECT_APOLOGY, _json(body))


@router.post("/{code}/actions/adjust-deadline", response=ACTION_OUT, summary="Điều chỉnh hạn trả kết quả")
def adjust_deadline(request: HttpRequest, code: str, body: AdjustDeadlineIn) -> dict[str, Any]:
    return _act(request, code, Action.ADJUST_DEADLINE, _json(body))


@router.get("/{code}/files/{file_id}", url_name="dossier_file", summary="Tải tệp của hồ sơ")
def download(request: HttpRequest, code: str, file_id: str) -> FileResponse:
    dossier = _visible(request, code)
    stored = dossier_file(dossier, file_id)
    if stored is None:
        raise NotFoundError("Không tìm thấy tệp.")
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@router.get(
    "/{code}/slips/receipt", url_name="slip_receipt", summary="Giấy tiếp nhận và hẹn trả (Mẫu 01, PDF)"
)
def slip_receipt(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _visible(request, code)
    if dossier.received_at is None:
        raise NotFoundError("Hồ sơ chưa được tiếp nhận.")
    return _pdf(slip_pdfs.render_receipt(dossier), f"mau-01-{dossier.code}.pdf")


@router.get("/{code}/slips/supplement-request/{pause_id}", url_name="slip_supplement", summary="Mẫu 02 (PDF)")
def slip_supplement(request: HttpRequest, code: str, pause_id: int) -> HttpResponse:
    dossier = _visible(request, code)
    pause = dossier_pause(dossier, pause_id)
    if pause is None or pause.reason != "supplement":
        raise NotFoundError("Không tìm thấy yêu cầu bổ sung.")
    return _pdf(slip_pdfs.render_supplement_request(dossier, pause), f"mau-02-{dossier.code}-{pause.pk}.pdf")


@router.get("/{code}/slips/refusal", url_name="slip_refusal", summary="Phiếu từ chối tiếp nhận (Mẫu 03, PDF)")
def slip_refusal(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _visible(request, code)
    reason = refusal_reason(dossier) if dossier.status == DossierStatus.NOT_RECEIVED else None
    if reason is None:
        raise NotFoundError("Hồ sơ không bị từ chối tiếp nhận.")
    return _pdf(slip_pdfs.render_refusal(dossier, reason), f"mau-03-{dossier.code}.pdf")


@router.get(
    "/{code}/slips/apology/{apology_id}", url_name="slip_apology", summary="Phiếu xin lỗi (Mẫu 04, PDF)"
)
def slip_apology(request: HttpRequest, code: str, apology_id: str) -> HttpResponse:
    dossier = _visible(request, code)
    apology = dossier_apology(dossier, apology_id)
    if apology is None or apology.status == ApologyStatus.REJECTED:
        raise NotFoundError("Không tìm thấy phiếu xin lỗi.")
    return _pdf(slip_pdfs.render_apology(apology), f"mau-04-{dossier.code}.pdf")


@router.get("/{code}/slips/process-control", url_name="slip_process_control", summary="Mẫu 05 (PDF)")
def slip_process_control(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _visible(request, code)
    if dossier.received_at is None:
        raise NotFoundError("Hồ sơ chưa được tiếp nhận.")
    return _pdf(slip_pdfs.render_process_control(dossier), f"mau-05-{dossier.code}.pdf")
