"""The applicant's own dossiers: list, detail with timeline, supplement, results, receipt, rating."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cqdt.core.eforms import describe
from cqdt.dossiers.models import DossierFile, FileKind
from cqdt.dossiers.slips import render_receipt
from cqdt.portal import access, selectors, services
from cqdt.portal.forms import RatingForm
from cqdt.portal.rating import ITEMS, grade
from cqdt.portal.views._common import citizen_required, error_messages
from cqdt.signing.services import pdf_verify

PAGE_SIZE = 20


@citizen_required
@require_GET
def my_dossiers(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.my_dossiers(request.user), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "portal/my_dossiers.html",
        {
            "page": page,
            "drafts": list(selectors.my_drafts(request.user)),
            "may_submit": access.may_submit(request.user),
        },
    )


def _verification(result: DossierFile) -> dict[str, Any] | None:
    """The signature report of a PDF result, so the citizen sees who signed it and whether it is intact."""
    if result.content_type != "application/pdf":
        return None
    with result.file.open("rb") as handle:
        try:
            report = pdf_verify(handle.read())
        except ValidationError as error:
            return {"summary": " ".join(error.messages), "signatures": ()}
    return {"summary": report.summary, "signatures": report.signatures}


def _detail(request: HttpRequest, code: str, supplement_errors: list[str] | None = None) -> HttpResponse:
    dossier = selectors.my_dossier_page(user=request.user, code=code)
    if dossier is None:
        raise Http404(access.NOT_FOUND)
    files = list(dossier.files.all())
    results = [f for f in files if f.kind == FileKind.RESULT] if access.may_download_results(dossier) else []
    signed_results = [(f, _verification(f)) for f in results]
    rating = selectors.rating_of(dossier)
    return render(
        request,
        "portal/my_dossier.html",
        {
            "dossier": dossier,
            "timeline": selectors.timeline(dossier),
            "form_lines": describe(dossier.case.form_schema, dossier.form_data),
            "submitted_files": [f for f in files if f.kind != FileKind.RESULT],
            "results": results,
            "signed_results": signed_results,
            "pause": access.open_supplement_request(dossier),
            "components": list(dossier.case.components.all()),
            "supplement_errors": supplement_errors or [],
            "rating": rating,
            "rating_grade": grade(rating.index_score) if rating else "",
            "may_rate": access.may_rate(dossier) and rating is None,
            "has_receipt": dossier.received_at is not None,
        },
        status=400 if supplement_errors else 200,
    )


@citizen_required
@require_GET
def my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, code)


@citizen_required
@require_POST
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    dossier = access.access_own_dossier(user=request.user, code=code)
    uploads = {c.code: request.FILES.getlist(f"tp-{c.code}") for c in dossier.case.components.all()}
    try:
        services.supplement_submit(
            user=request.user,  # type: ignore[arg-type]
            dossier=dossier,
            uploads=uploads,
            note=request.POST.get("note", "")[:1000],
        )
    except ValidationError as error:
        return _detail(request, code, supplement_errors=error_messages(error))
    messages.success(request, "Đã gửi hồ sơ bổ sung; thời hạn giải quyết được tính tiếp.")
    return redirect("portal:my_dossier", code=dossier.code)


@citizen_required
@require_GET
def result_file(request: HttpRequest, code: str, file_id: str) -> FileResponse:
    found = access.access_result_file(user=request.user, code=code, file_id=file_id)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name)
    response["Content-Type"] = found.content_type
    response["Cache-Control"] = "private, no-store"
    return response


@citizen_required
@require_GET
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    dossier = access.access_own_dossier(user=request.user, code=code)
    if dossier.received_at is None:
        raise Http404("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận.")
    response = HttpResponse(render_receipt(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@citizen_required
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, code: str) -> HttpResponse:
    dossier = access.access_own_dossier(user=request.user, code=code)
    if not access.may_rate(dossier) or selectors.rating_of(dossier) is not None:
        messages.warning(request, "Hồ sơ chưa có kết quả hoặc đã được đánh giá.")
        return redirect("portal:my_dossier", code=dossier.code)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_submit(
                user=request.user,  # type: ignore[arg-type]
                dossier=dossier,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error_messages(error))
        else:
            messages.success(request, "Cảm ơn Ông/Bà đã đánh giá việc giải quyết hồ sơ.")
            return redirect("portal:my_dossier", code=dossier.code)
    return render(
        request,
        "portal/rate.html",
        {"dossier": dossier, "form": form, "items": ITEMS},
        status=400 if form.errors else 200,
    )
