"""Incoming documents: the register list, registration, the document page and its actions, "my work"."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cqdt.documents import access, forms, selectors, services
from cqdt.documents.models import IncomingDocument
from cqdt.documents.printing.slip import handling_slip_pdf
from cqdt.documents.status import IncomingAction
from cqdt.documents.views._common import (
    add_errors,
    download,
    page_of,
    pdf_response,
    query_without_page,
    staff_page,
)


@dataclass(frozen=True)
class Action:
    form: Callable[..., Form]
    run: Callable[[Any, IncomingDocument, dict[str, Any]], object]
    done: str


def _direct(user: Any, document: IncomingDocument, data: dict[str, Any]) -> object:
    handling = services.Handling(
        lead_unit=data["lead_unit"],
        lead_user=data["lead_user"],
        co_units=list(data["co_units"]),
        co_users=list(data["co_users"]),
        deadline=data["deadline"],
    )
    return services.incoming_direct(actor=user, document=document, handling=handling, note=data["note"])


def _assign(user: Any, document: IncomingDocument, data: dict[str, Any]) -> object:
    handler = document.handlers.filter(pk=data["handler"]).first()
    if handler is None:
        raise ValidationError("Không tìm thấy phần việc được giao.")
    return services.incoming_assign_handler(actor=user, document=document, handler=handler, user=data["user"])


ACTIONS: dict[str, Action] = {
    IncomingAction.REGISTER: Action(
        lambda *a, **k: forms.EmptyForm(*a),
        lambda user, d, data: services.incoming_register_received(actor=user, document=d),
        "Đã vào sổ văn bản đến.",
    ),
    IncomingAction.RETURN: Action(
        lambda *a, **k: forms.ReasonForm(*a),
        lambda user, d, data: services.incoming_return(actor=user, document=d, reason=data["reason"]),
        "Đã trả lại văn bản cho nơi gửi.",
    ),
    IncomingAction.DIRECT: Action(
        lambda *a, **k: forms.DirectForm(*a, **k), _direct, "Đã giao xử lý văn bản."
    ),
    IncomingAction.ASSIGN_HANDLER: Action(
        lambda *a, **k: forms.AssignHandlerForm(*a, **k), _assign, "Đã phân công cán bộ xử lý."
    ),
    IncomingAction.NOTE: Action(
        lambda *a, **k: forms.ProgressForm(*a),
        lambda user, d, data: services.incoming_add_note(actor=user, document=d, text=data["text"]),
        "Đã cập nhật tiến độ xử lý.",
    ),
    IncomingAction.COMPLETE: Action(
        lambda *a, **k: forms.CompleteForm(*a, **k),
        lambda user, d, data: services.incoming_complete(
            actor=user, document=d, result=data["result"], reply=data["reply"]
        ),
        "Đã hoàn thành xử lý văn bản.",
    ),
}


@staff_page
@require_GET
def incoming_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("trang-thai", "")
    if status not in dict(forms.INCOMING_TABS):
        status = ""
    form = forms.FilterForm(request.GET)
    roles = access.roles_of(request.user)
    documents = selectors.incoming_list_for(user=request.user, filters=form.filters(status), roles=roles)
    context = {
        "form": form,
        "tabs": forms.INCOMING_TABS,
        "status": status,
        "page": page_of(request, documents),
        "query": query_without_page(request),
        "can_register": bool(roles.clerk_of),
    }
    return render(request, "documents/incoming_list.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def incoming_new(request: HttpRequest) -> HttpResponseBase:
    if not access.clerk_agencies(request.user).exists():
        raise PermissionDenied("Chỉ văn thư được vào sổ văn bản đến.")
    form = forms.IncomingRegisterForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        metadata = services.IncomingMetadata(
            issuer_name=data["issuer_name"],
            number=data["number"],
            notation=data["notation"],
            issued_on=data["issued_on"],
            document_type=data["document_type"],
            summary=data["summary"],
            urgency=data["urgency"],
            confidentiality=data["confidentiality"],
            signer_name=data["signer_name"],
            page_count=data["page_count"],
        )
        try:
            document = services.incoming_register(
                actor=request.user,
                agency=data["agency"],
                metadata=metadata,
                main_file=data["main_file"],
                attachments=data["attachments"],
                channel=data["channel"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Đã vào sổ văn bản đến số {document.arrival_number}/{document.year}.")
            return redirect("documents:incoming", public_id=document.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/incoming_form.html", {"form": form}, status=status)


def _page(
    request: HttpRequest,
    document: IncomingDocument,
    *,
    failed: str = "",
    failed_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    allowed = access.incoming_actions(request.user, document)
    action_forms = {}
    for action in allowed:
        spec = ACTIONS[action]
        action_forms[action] = (
            failed_form if action == failed and failed_form is not None else spec.form(document=document)
        )
    context = {
        "document": document,
        "handlers": list(document.handlers.all()),
        "history": list(document.history.all()),
        "actions": [(action, IncomingAction(action).label, action_forms[action]) for action in allowed],
        "failed": failed,
        "failed_errors": [
            str(m) for messages in (failed_form.errors.values() if failed_form else []) for m in messages
        ],
    }
    return render(request, "documents/incoming_detail.html", context, status=status)


@staff_page
@require_GET
def incoming_page(request: HttpRequest, public_id: str) -> HttpResponse:
    return _page(request, selectors.incoming_detail(user=request.user, public_id=public_id))


@staff_page
@require_POST
def incoming_action(request: HttpRequest, public_id: str, action: str) -> HttpResponseBase:
    document = selectors.incoming_detail(user=request.user, public_id=public_id)
    name = action.replace("-", "_")
    if name not in ACTIONS:
        raise Http404(action)
    if not access.may_incoming(request.user, name, document):
        raise PermissionDenied(f"Bạn không có quyền “{IncomingAction(name).label}” đối với văn bản này.")
    spec = ACTIONS[name]
    form = spec.form(request.POST, request.FILES, document=document)
    if form.is_valid():
        try:
            spec.run(request.user, document, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, spec.done)
            return redirect("documents:incoming", public_id=document.public_id)
    document = selectors.incoming_detail(user=request.user, public_id=public_id)
    return _page(request, document, failed=name, failed_form=form, status=400)


@staff_page
@require_GET
def incoming_file(request: HttpRequest, public_id: str, file_id: str) -> HttpResponseBase:
    document = access.access_incoming(actor=request.user, public_id=public_id)
    stored = document.files.filter(public_id=file_id).first()
    if stored is None:
        raise Http404(file_id)
    return download(stored.file, stored.original_name, stored.content_type)


@staff_page
@require_GET
def incoming_slip(request: HttpRequest, public_id: str) -> HttpResponse:
    document = selectors.incoming_detail(user=request.user, public_id=public_id)
    return pdf_response(
        handling_slip_pdf(document), f"phieu-giai-quyet-{document.arrival_number or 'moi'}.pdf"
    )


@staff_page
@require_GET
def my_assignments(request: HttpRequest) -> HttpResponse:
    closed = request.GET.get("da-xong") == "1"
    documents = selectors.assignments_for(user=request.user, open_only=not closed)
    context = {"page": page_of(request, documents), "closed": closed, "query": query_without_page(request)}
    return render(request, "documents/assignments.html", context)
