"""The dossier page (/mot-cua/ho-so/<code>/) and its action forms (POST, then redirect back)."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cqdt.accounts.models import shown_name
from cqdt.dossiers.access import may
from cqdt.dossiers.action_forms import ACTION_FORMS, ActionForm
from cqdt.dossiers.deadlines import DeadlineClock
from cqdt.dossiers.forms import Uploads
from cqdt.dossiers.models import ApologyStatus, Dossier, DossierFile, DossierStatus, DossierStep, Timeliness
from cqdt.dossiers.selectors import component_files, dossier_detail, dossier_history_values
from cqdt.dossiers.status import Action
from cqdt.dossiers.views._common import local_text, staff_page
from cqdt.dossiers.views.eform import describe
from cqdt.dossiers.views.reception import UPLOAD_PREFIX
from cqdt.dossiers.workspace_queries import available_actions, deadline_state


@dataclass(frozen=True)
class Slip:
    label: str
    url: str


# The rows of the files, steps and history tables with their texts ready: the template only places them
# (formatting dates and choice labels in template filters was most of the page's rendering time).
_STATUS_LABELS = {value: str(label) for value, label in DossierStatus.choices}
_ACTION_LABELS = {value: str(label) for value, label in Action.choices}
_TIMELINESS_LABELS = {value: str(label) for value, label in Timeliness.choices}


def _person(row: dict[str, Any], relation: str) -> str:
    """How the user `relation` of a history row is shown; "" when there is none."""
    if row[f"{relation}_id"] is None:
        return ""
    return shown_name(row[f"{relation}__full_name"], row[f"{relation}__username"])


@dataclass(frozen=True)
class FileLine:
    url: str
    name: str
    kind: str
    size: str


@dataclass(frozen=True)
class StepLine:
    position: int
    name: str
    current: bool
    agency: str
    assignee: str
    started_at: str
    deadline: str
    finished_at: str
    timeliness: str
    timeliness_label: str


@dataclass(frozen=True)
class HistoryLine:
    when: str
    actor: str
    action: str
    from_status: str
    to_status: str
    to_user: str
    to_unit: str
    step_name: str
    step_deadline: str
    step_timeliness: str
    step_timeliness_label: str
    reason: str


def file_line(code: str, stored: DossierFile) -> FileLine:
    return FileLine(
        url=reverse("dossiers:file", args=[code, stored.public_id]),
        name=stored.original_name,
        kind=stored.get_kind_display(),
        size=filesizeformat(stored.size),
    )


def step_line(dossier: Dossier, step: DossierStep) -> StepLine:
    assignee = step.assignee
    return StepLine(
        position=step.position,
        name=step.name,
        current=step.pk == dossier.current_step_id,
        agency=step.agency.name,
        assignee=str(assignee) if assignee is not None else "—",
        started_at=local_text(step.started_at, empty="—"),
        deadline=local_text(step.deadline, empty="—"),
        finished_at=local_text(step.finished_at, empty="—"),
        timeliness=step.timeliness,
        timeliness_label=_TIMELINESS_LABELS.get(step.timeliness, step.timeliness),
    )


def history_line(row: dict[str, Any]) -> HistoryLine:
    """One timeline entry from `dossier_history_values`."""
    from_status, timeliness = row["from_status"], row["step_timeliness"]
    return HistoryLine(
        when=local_text(row["at"]),
        actor=_person(row, "actor") or "Hệ thống",
        action=_ACTION_LABELS.get(row["action"], row["action"]),
        from_status=_STATUS_LABELS.get(from_status, str(from_status)) if from_status else "",
        to_status=_STATUS_LABELS.get(row["to_status"], str(row["to_status"])),
        to_user=_person(row, "to_user"),
        to_unit=row["to_unit__name"] if row["to_unit_id"] is not None else "",
        step_name=row["step_name"],
        step_deadline=local_text(row["step_deadline"]),
        step_timeliness=timeliness,
        step_timeliness_label=_TIMELINESS_LABELS.get(timeliness, timeliness),
        reason=row["reason"],
    )


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
    found = []
    for action in available_actions(request.user, dossier):
        if bound is not None and bound.action == action:
            found.append(bound)
        else:
            found.append(ACTION_FORMS[action](dossier=dossier, actor=request.user))
    return found


def form_errors(form: ActionForm) -> list[str]:
    """Every error of a failed action form, labelled, for the alert at the top of the page."""
    errors = [str(error) for error in form.non_field_errors()]
    for name, messages_ in form.errors.items():
        if name in form.fields:
            errors.extend(f"{form.fields[name].label}: {message}" for message in messages_)
    return errors


def page_context(request: HttpRequest, dossier: Dossier, bound: ActionForm | None = None) -> dict[str, Any]:
    now = timezone.now()
    offered = action_forms(request, dossier, bound)
    needs_components = any(form.action == Action.REGISTER_SUPPLEMENT for form in offered)
    code = dossier.code
    files_of = component_files(dossier)
    return {
        "dossier": dossier,
        "deadline": deadline_state(dossier, DeadlineClock(now)),
        "form_lines": describe(dossier.case.form_schema, dossier.form_data),
        "components": [
            (component, [file_line(code, stored) for stored in files_of.get(component.pk, [])])
            for component in dossier.components.all()
        ],
        "loose_files": [file_line(code, f) for f in dossier.files.all() if f.component_id is None],
        "steps": [step_line(dossier, step) for step in dossier.steps.all()],
        "history": [history_line(row) for row in dossier_history_values(dossier)],
        "pauses": list(dossier.pauses.all()),
        "apologies": list(dossier.apologies.all()),
        "slips": slips(dossier),
        "action_forms": offered,
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
