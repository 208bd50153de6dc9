"""Reception at the counter (/mot-cua/tiep-nhan/): choose the case, fill in the applicant and the e-form,
attach the files."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cqdt.catalog.models import ProcedureCase
from cqdt.dossiers.forms import ReceptionForm, Uploads
from cqdt.dossiers.views._common import staff_page
from cqdt.dossiers.views.eform import EForm
from cqdt.dossiers.workspace_queries import desk_units, reception_case, reception_cases

UPLOAD_PREFIX = "tp-"


def case_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The active cases grouped by procedure, for a <select> with <optgroup>s."""
    grouped = groupby(reception_cases(), key=lambda case: case.procedure)
    return [
        (
            f"{procedure.code} — {procedure.name}",
            [(str(case.public_id), f"{case.code}. {case.name}") for case in cases],
        )
        for procedure, cases in grouped
    ]


def component_uploads(request: HttpRequest, case: ProcedureCase) -> Uploads:
    return {c.code: request.FILES.getlist(f"{UPLOAD_PREFIX}{c.code}") for c in case.components.all()}


@staff_page
@require_http_methods(["GET", "POST"])
def reception(request: HttpRequest) -> HttpResponse:
    units = desk_units(request.user)
    if not units:
        raise PermissionDenied("Chỉ cán bộ Bộ phận Một cửa mới được tiếp nhận hồ sơ.")
    source = request.POST if request.method == "POST" else request.GET
    case = reception_case(source.get("case", "")) if source.get("case") else None
    form = eform = None
    status = 200
    if case is not None and request.method == "POST":
        form = ReceptionForm(request.POST, units=units, case=case)
        eform = EForm(case.form_schema, request.POST)
        if form.is_valid() and eform.is_valid():
            try:
                dossier = form.receive(
                    actor=request.user, form_data=eform.collect(), uploads=component_uploads(request, case)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                due = (
                    timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M") if dossier.due_at else None
                )
                appointment = f" Hẹn trả kết quả: {due}." if due else ""
                messages.success(request, f"Đã tiếp nhận hồ sơ {dossier.code}.{appointment}")
                return redirect(reverse("dossiers:dossier", args=[dossier.code]))
        status = 400
    elif case is not None:
        form = ReceptionForm(units=units, case=case)
        eform = EForm(case.form_schema)
    context = {
        "case_choices": case_choices(),
        "case": case,
        "form": form,
        "eform": eform,
        "components": list(case.components.all()) if case else [],
        "upload_prefix": UPLOAD_PREFIX,
        "unknown_case": bool(source.get("case")) and case is None,
    }
    return render(request, "dossiers/reception.html", context, status=status)
