"""Outgoing documents: drafts, the document page and its actions, the approval and issue queues."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cqdt.documents import access, forms, selectors, services
from cqdt.documents.models import OutgoingDocument
from cqdt.documents.status import OutgoingAction
from cqdt.documents.views._common import add_errors, download, page_of, query_without_page, staff_page


def usable_certificates(user: Any) -> QuerySet[Any] | None:
    """The certificates the user may sign with, or None when the signing app is not installed."""
    try:
        from cqdt.signing.selectors import certificate_list_usable_by
    except ImportError:
        return None
    return certificate_list_usable_by(user=user)


def _sign_form(*args: Any, document: OutgoingDocument, user: Any = None, **kwargs: Any) -> Form:
    latest = document.versions.order_by("-number").first()
    initial = {"page": latest.page_count if latest and latest.page_count else 1}
    return forms.SignForm(*args, certificates=usable_certificates(user), initial=initial)


def _sign(user: Any, document: OutgoingDocument, data: dict[str, Any]) -> object:
    box = (data["x1"], data["y1"], data["x2"], data["y2"])
    return services.outgoing_sign(
        actor=user,
        document=document,
        certificate=data["certificate"],
        secret=data["secret"],
        page=data["page"],
        box=box,
    )


@dataclass(frozen=True)
class Action:
    form: Callable[..., Form]
    run: Callable[[Any, OutgoingDocument, dict[str, Any]], object]
    done: str


ACTIONS: dict[str, Action] = {
    OutgoingAction.ADD_VERSION: Action(
        lambda *a, **k: forms.VersionForm(*a),
        lambda user, d, data: services.outgoing_add_version(
            actor=user, document=d, upload=data["file"], note=data["note"]
        ),
        "Đã lưu phiên bản mới.",
    ),
    OutgoingAction.SUBMIT: Action(
        lambda *a, document, **k: forms.ApproverForm(*a, document=document, required=False),
        lambda user, d, data: services.outgoing_submit(
            actor=user, document=d, approver=data["approver"], note=data["note"]
        ),
        "Đã trình văn bản.",
    ),
    OutgoingAction.FORWARD: Action(
        lambda *a, document, **k: forms.ApproverForm(*a, document=document),
        lambda user, d, data: services.outgoing_forward(
            actor=user, document=d, approver=data["approver"], note=data["note"]
        ),
        "Đã trình lãnh đạo duyệt.",
    ),
    OutgoingAction.SEND_BACK: Action(
        lambda *a, **k: forms.ReasonForm(*a),
        lambda user, d, data: services.outgoing_send_back(actor=user, document=d, reason=data["reason"]),
        "Đã trả lại dự thảo.",
    ),
    OutgoingAction.APPROVE: Action(
        lambda *a, **k: forms.NoteForm(*a),
        lambda user, d, data: services.outgoing_approve(actor=user, document=d, note=data["note"]),
        "Đã duyệt văn bản.",
    ),
    OutgoingAction.SIGN: Action(_sign_form, _sign, "Đã ký số văn bản."),
    OutgoingAction.RECORD_PAPER_SIGNATURE: Action(
        lambda *a, **k: forms.ScanForm(*a),
        lambda user, d, data: services.outgoing_record_paper_signature(
            actor=user, document=d, upload=data["file"], note=data["note"]
        ),
        "Đã cập nhật bản giấy đã ký.",
    ),
    OutgoingAction.ISSUE: Action(
        lambda *a, document, **k: forms.IssueForm(*a, document=document),
        lambda user, d, data: services.outgoing_issue(actor=user, document=d, register=data["register"]),
        "Đã cấp số và phát hành văn bản.",
    ),
    OutgoingAction.DISTRIBUTE: Action(
        lambda *a, document, **k: forms.DistributeForm(*a, document=document),
        lambda user, d, data: services.outgoing_distribute(
            actor=user, document=d, recipients=list(data["recipients"])
        ),
        "Đã gửi văn bản.",
    ),
    OutgoingAction.RECALL: Action(
        lambda *a, **k: forms.ReasonForm(*a),
        lambda user, d, data: services.outgoing_recall(actor=user, document=d, reason=data["reason"]),
        "Đã thu hồi văn bản.",
    ),
}


def _allowed(request: HttpRequest, document: OutgoingDocument) -> list[str]:
    allowed = access.outgoing_actions(request.user, document)
    if OutgoingAction.SIGN in allowed and usable_certificates(request.user) is None:
        allowed.remove(OutgoingAction.SIGN)
    return allowed


def _page(
    request: HttpRequest,
    document: OutgoingDocument,
    *,
    failed: str = "",
    failed_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    allowed = _allowed(request, document)
    actions = []
    for action in allowed:
        form = failed_form if action == failed and failed_form is not None else None
        form = form or ACTIONS[action].form(document=document, user=request.user)
        actions.append((action, OutgoingAction(action).label, form))
    context = {
        "document": document,
        "versions": list(document.versions.all()),
        "recipients": list(document.recipients.all()),
        "history": list(document.history.all()),
        "actions": actions,
        "failed": failed,
        "failed_errors": [
            str(m) for messages in (failed_form.errors.values() if failed_form else []) for m in messages
        ],
    }
    return render(request, "documents/outgoing_detail.html", context, status=status)


@staff_page
@require_GET
def outgoing_list(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("cua-toi") == "1"
    form = forms.FilterForm(request.GET)
    roles = access.roles_of(request.user)
    documents = selectors.outgoing_list_for(user=request.user, filters=form.filters(), mine=mine, roles=roles)
    context = {
        "form": form,
        "mine": mine,
        "page": page_of(request, documents),
        "query": query_without_page(request),
        "can_draft": bool(roles.drafting_units),
    }
    return render(request, "documents/outgoing_list.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def outgoing_new(request: HttpRequest) -> HttpResponseBase:
    if not access.drafting_units(request.user).exists():
        raise PermissionDenied("Chỉ chuyên viên, lãnh đạo phòng được soạn thảo văn bản.")
    form = forms.OutgoingDraftForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = services.OutgoingDraft(
            drafting_unit=data["drafting_unit"],
            document_type=data["document_type"],
            summary=data["summary"],
            urgency=data["urgency"],
            confidentiality=data["confidentiality"],
            recipients_text=data["recipients_text"],
            internal_recipients=list(data["internal_recipients"]),
            copies=data["copies"],
            file_keeper=data["file_keeper"],
            drafting_unit_abbreviation=data["drafting_unit_abbreviation"] or None,
        )
        try:
            document = services.outgoing_create(
                actor=request.user, draft=draft, upload=data["file"], note=data["note"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Đã tạo dự thảo văn bản.")
            return redirect("documents:outgoing", public_id=document.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/outgoing_form.html", {"form": form}, status=status)


@staff_page
@require_GET
def outgoing_page(request: HttpRequest, public_id: str) -> HttpResponse:
    return _page(request, selectors.outgoing_detail(user=request.user, public_id=public_id))


@staff_page
@require_POST
def outgoing_action(request: HttpRequest, public_id: str, action: str) -> HttpResponseBase:
    document = selectors.outgoing_detail(user=request.user, public_id=public_id)
    name = action.replace("-", "_")
    if name not in ACTIONS:
        raise Http404(action)
    if not access.may_outgoing(request.user, name, document):
        raise PermissionDenied(f"Bạn không có quyền “{OutgoingAction(name).label}” đối với văn bản này.")
    spec = ACTIONS[name]
    form = spec.form(request.POST, request.FILES, document=document, user=request.user)
    if form.is_valid():
        try:
            spec.run(request.user, document, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, spec.done)
            return redirect("documents:outgoing", public_id=document.public_id)
    document = selectors.outgoing_detail(user=request.user, public_id=public_id)
    return _page(request, document, failed=name, failed_form=form, status=400)


@staff_page
@require_GET
def outgoing_version(request: HttpRequest, public_id: str, number: int) -> HttpResponseBase:
    document = access.access_outgoing(actor=request.user, public_id=public_id)
    version = document.versions.filter(number=number).first()
    if version is None:
        raise Http404(number)
    return download(version.file, version.original_name, version.content_type)


def _queue(
    request: HttpRequest, title: str, documents: QuerySet[OutgoingDocument], empty: str
) -> HttpResponse:
    context = {
        "title": title,
        "page": page_of(request, documents),
        "empty": empty,
        "query": query_without_page(request),
    }
    return render(request, "documents/queue.html", context)


@staff_page
@require_GET
def approval_queue(request: HttpRequest) -> HttpResponse:
    return _queue(
        request,
        "Văn bản chờ xem xét, duyệt",
        selectors.approval_queue(user=request.user),
        "Không có văn bản chờ duyệt.",
    )


@staff_page
@require_GET
def issue_queue(request: HttpRequest) -> HttpResponse:
    return _queue(
        request,
        "Văn bản chờ ký, chờ phát hành",
        selectors.issue_queue(user=request.user),
        "Không có văn bản chờ phát hành.",
    )
