"""Online submission in three steps — details and e-form, documents, review — saved as a draft throughout."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cqdt.catalog.services import case_validate_form_data
from cqdt.core.eforms import EForm, describe
from cqdt.portal import access, selectors, services
from cqdt.portal.forms import ApplicantForm
from cqdt.portal.models import Draft
from cqdt.portal.views._common import citizen_required, error_messages

STEPS = ("Thông tin và tờ khai", "Giấy tờ kèm theo", "Kiểm tra và nộp")


def _steps(current: int) -> list[dict[str, Any]]:
    return [{"number": n, "label": label, "current": n == current} for n, label in enumerate(STEPS, start=1)]


@citizen_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, code: str) -> HttpResponse:
    procedure = selectors.procedure_page(code=code)
    if procedure is None:
        raise Http404("Không tìm thấy thủ tục.")
    cases = list(procedure.cases.all())
    error = ""
    if request.method == "POST":
        case = selectors.case_for_submission(procedure_code=code, case_code=request.POST.get("case", ""))
        if case is None:
            error = "Vui lòng chọn trường hợp phù hợp."
        else:
            try:
                draft = services.draft_create(user=request.user, case=case)  # type: ignore[arg-type]
            except ValidationError as problem:
                error = " ".join(error_messages(problem))
            else:
                return redirect("portal:draft", draft_id=draft.public_id)
    return render(
        request,
        "portal/submit_start.html",
        {"procedure": procedure, "cases": cases, "error": error},
        status=400 if error else 200,
    )


def _applicant_initial(draft: Draft) -> dict[str, Any]:
    applicant = services.applicant_from_draft(draft)
    return {
        "handling_agency": draft.handling_agency.public_id if draft.handling_agency else None,
        "applicant_type": applicant.applicant_type,
        "name": applicant.name,
        "id_number": applicant.id_number,
        "birth_date": applicant.birth_date,
        "address_unit": applicant.address_unit,
        "address": applicant.address,
        "phone": applicant.phone,
        "email": applicant.email,
    }


@citizen_required
@require_http_methods(["GET", "POST"])
def draft_details(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = access.access_draft(user=request.user, draft_id=draft_id)
    agencies = selectors.case_agencies(draft.case)
    units = selectors.address_units()
    schema = draft.case.form_schema
    post = request.POST if request.method == "POST" else None
    applicant_form = ApplicantForm(post, initial=_applicant_initial(draft), agencies=agencies, units=units)
    eform = EForm(schema, post, initial_data=draft.form_data)
    status = 200
    if post is not None and not eform.wants_row:
        if applicant_form.is_valid() and eform.is_valid():
            data = applicant_form.cleaned_data
            form_data = eform.collect()
            try:
                services.draft_save(
                    user=request.user,  # type: ignore[arg-type]
                    draft=draft,
                    applicant=services.ApplicantInput(
                        name=data["name"],
                        applicant_type=data["applicant_type"],
                        id_number=data["id_number"],
                        birth_date=data["birth_date"],
                        address_unit=data["address_unit"],
                        address=data["address"],
                        phone=data["phone"],
                        email=data["email"],
                    ),
                    form_data=form_data,
                    handling_agency=data["handling_agency"],
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    applicant_form.add_error(field if field in applicant_form.fields else None, problems)
                status = 400
            else:
                if request.POST.get("action") != "next":
                    messages.success(request, "Đã lưu nháp hồ sơ.")
                    return redirect("portal:draft", draft_id=draft.public_id)
                errors = case_validate_form_data(draft.case, form_data)
                if not errors:
                    return redirect("portal:draft_files", draft_id=draft.public_id)
                eform.attach_errors((error.path, error.message) for error in errors)
                status = 400
        else:
            status = 400
    return render(
        request,
        "portal/submit_details.html",
        {
            "draft": draft,
            "procedure": draft.case.procedure,
            "applicant_form": applicant_form,
            "eform": eform,
            "steps": _steps(1),
        },
        status=status,
    )


def _components(draft: Draft) -> list[dict[str, Any]]:
    files = list(draft.files.all())
    return [
        {"component": component, "files": [f for f in files if f.component_code == component.code]}
        for component in draft.case.components.all()
    ]


@citizen_required
@require_http_methods(["GET", "POST"])
def draft_files(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = access.access_draft(user=request.user, draft_id=draft_id)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        code = request.POST.get("component", "")
        try:
            stored = services.draft_attach_files(
                user=request.user,  # type: ignore[arg-type]
                draft=draft,
                component_code=code,
                uploads=request.FILES.getlist("files"),
            )
        except ValidationError as error:
            errors[code] = error_messages(error)
        else:
            messages.success(request, f"Đã tải lên {len(stored)} tệp.")
            return redirect("portal:draft_files", draft_id=draft.public_id)
        draft = access.access_draft(user=request.user, draft_id=draft_id)
    return render(
        request,
        "portal/submit_files.html",
        {
            "draft": draft,
            "procedure": draft.case.procedure,
            "components": _components(draft),
            "errors": errors,
            "steps": _steps(2),
            "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx",
        },
        status=400 if errors else 200,
    )


@citizen_required
@require_POST
def draft_file_remove(request: HttpRequest, draft_id: str, file_id: str) -> HttpResponse:
    draft = access.access_draft(user=request.user, draft_id=draft_id)
    try:
        services.draft_remove_file(user=request.user, draft=draft, file_id=file_id)  # type: ignore[arg-type]
    except ValidationError as error:
        raise Http404(" ".join(error_messages(error))) from error
    messages.success(request, "Đã xóa tệp.")
    return redirect("portal:draft_files", draft_id=draft.public_id)


@citizen_required
@require_http_methods(["GET", "POST"])
def draft_review(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = access.access_draft(user=request.user, draft_id=draft_id)
    status = 200
    submit_errors: list[str] = []
    if request.method == "POST":
        try:
            dossier = services.draft_submit(user=request.user, draft=draft)  # type: ignore[arg-type]
        except ValidationError as error:
            submit_errors = error_messages(error)
            status = 400
            draft = access.access_draft(user=request.user, draft_id=draft_id)
        else:
            messages.success(
                request,
                f"Đã nộp hồ sơ. Mã hồ sơ của Ông/Bà là {dossier.code}; "
                "hồ sơ đang chờ Bộ phận Một cửa tiếp nhận.",
            )
            return redirect("portal:my_dossier", code=dossier.code)
    problems = services.draft_problems(draft)
    applicant = services.applicant_from_draft(draft)
    return render(
        request,
        "portal/submit_review.html",
        {
            "draft": draft,
            "procedure": draft.case.procedure,
            "applicant": applicant,
            "form_lines": describe(draft.case.form_schema, draft.form_data),
            "components": _components(draft),
            "problems": [message for messages_ in problems.values() for message in messages_],
            "submit_errors": submit_errors,
            "may_submit": access.may_submit(request.user),
            "receiving_unit": selectors.receiving_unit_for(draft.handling_agency)
            if draft.handling_agency
            else None,
            "steps": _steps(3),
        },
        status=status,
    )


@citizen_required
@require_POST
def draft_delete(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = access.access_draft(user=request.user, draft_id=draft_id)
    services.draft_delete(user=request.user, draft=draft)  # type: ignore[arg-type]
    messages.success(request, "Đã xóa hồ sơ nháp.")
    return redirect(reverse("portal:my_dossiers"))
