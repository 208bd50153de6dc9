"""The dossier page (/mot-cua/ho-so/<code>/) and its action forms (POST, then redirect back)."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cqdt.dossiers.access import may
from cqdt.dossiers.action_forms import ACTION_FORMS, ActionForm
from cqdt.dossiers.forms import Uploads
from cqdt.dossiers.models import ApologyStatus, Dossier, DossierStatus
from cqdt.dossiers.selectors import dossier_detail
from cqdt.dossiers.status import Action
from cqdt.dossiers.views._common import staff_page
from cqdt.dossiers.views.eform import describe
from cqdt.dossiers.views.reception import UPLOAD_PREFIX
from cqdt.dossiers.workspace_queries import available_actions, deadline_horizon, deadline_state


@dataclass(frozen=True)
class Slip:
    label: str
    url: str


def load(request: HttpRequest, code: str) -> Dossier:
    dossier = dossier_detail(user=request.user, code=code)
    if dossier is None:
        raise Http404(code)
    return dossier


def slips(dossier: Dossier) -> list[Slip]:
    """The printable slips (Mẫu 01–05) that exist for this dossier."""
    code = dossier.code
    found = []
    if dossier.received_at is not None:
        found.append(Slip("In giấy tiếp nhận (Mẫu 01)", reverse("dossiers:slip_receipt", args=[code])))
    for pause in dossier.pauses.all():
        if pause.reason == "supplement":
            when = timezone.localtime(pause.started_at).strftime("%d/%m/%Y")
            url = reverse("dossiers:slip_supplement", args=[code, pause.pk])
            found.append(Slip(f"In phiếu yêu cầu bổ sung ngày {when} (Mẫu 02)", url))
    if dossier.status == DossierStatus.NOT_RECEIVED:
        found.append(
            Slip("In phiếu từ chối tiếp nhận (Mẫu 03)", reverse("dossiers:slip_refusal", args=[code]))
        )
    for apology in dossier.apologies.all():
        if apology.status != ApologyStatus.REJECTED:
            draft = " — bản dự thảo" if apology.status == ApologyStatus.DRAFT else ""
            url = reverse("dossiers:slip_apology", args=[code, apology.public_id])
            found.append(Slip(f"In phiếu xin lỗi và hẹn lại (Mẫu 04){draft}", url))
    if dossier.received_at is not None:
        url = reverse("dossiers:slip_process_control", args=[code])
        found.append(Slip("In phiếu kiểm soát quá trình (Mẫu 05)", url))
    return found


def action_forms(request: HttpRequest, dossier: Dossier, bound: ActionForm | None) -> list[ActionForm]:
    forms = []
    for action in available_actions(request.user, dossier):
        if bound is not None and bound.action == action:
            forms.append(bound)
        else:
            forms.append(ACTION_FORMS[action](dossier=dossier, actor=request.user))
    return forms


def form_errors(form: ActionForm) -> list[str]:
    """Every error of a failed action form, labelled, for the alert at the top of the page."""
    errors = [str(error) for error in form.non_field_errors()]
    for name, messages_ in form.errors.items():
        if name in form.fields:
            errors.extend(f"{form.fields[name].label}: {message}" for message in messages_)
    return errors


def page_context(request: HttpRequest, dossier: Dossier, bound: ActionForm | None = None) -> dict[str, Any]:
    now = timezone.now()
    forms = action_forms(request, dossier, bound)
    needs_components = any(form.action == Action.REGISTER_SUPPLEMENT for form in forms)
    components = list(dossier.components.all())
    return {
        "dossier": dossier,
        "deadline": deadline_state(dossier, now=now, horizon=deadline_horizon(now)),
        "form_lines": describe(dossier.case.form_schema, dossier.form_data),
        "components": components,
        "loose_files": [f for f in dossier.files.all() if f.component_id is None],
        "steps": list(dossier.steps.all()),
        "history": list(dossier.history.all()),
        "pauses": list(dossier.pauses.all()),
        "apologies": list(dossier.apologies.all()),
        "slips": slips(dossier),
        "action_forms": forms,
        "failed_action": bound.action if bound is not None else "",
        "action_form_errors": form_errors(bound) if bound is not None else [],
        "case_components": list(dossier.case.components.all()) if needs_components else [],
        "upload_prefix": UPLOAD_PREFIX,
    }


@staff_page
@require_GET
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    dossier = load(request, code)
    return render(request, "dossiers/dossier.html", page_context(request, dossier))


def action_uploads(request: HttpRequest, dossier: Dossier) -> Uploads:
    return {c.code: request.FILES.getlist(f"{UPLOAD_PREFIX}{c.code}") for c in dossier.case.components.all()}


@staff_page
@require_POST
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404(action)
    dossier = load(request, code)
    if not may(request.user, action, dossier):
        raise PermissionDenied(f"Bạn không có quyền “{Action(action).label}” đối với hồ sơ {dossier.code}.")
    uploads = action_uploads(request, dossier) if form_class.uses_files else None
    form = form_class(request.POST, request.FILES, dossier=dossier, actor=request.user, uploads=uploads)
    if form.is_valid():
        try:
            form.perform()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, form.success_message())
            return redirect(reverse("dossiers:dossier", args=[dossier.code]))
    return render(request, "dossiers/dossier.html", page_context(request, dossier, bound=form), status=400)
