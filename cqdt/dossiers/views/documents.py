"""Downloads of a dossier's files and the printable slips (Mẫu 01–05), behind the dossier access check."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from cqdt.dossiers import slips
from cqdt.dossiers.models import ApologyStatus, DossierStatus
from cqdt.dossiers.views._common import pdf_response, staff_page, visible_dossier
from cqdt.dossiers.workspace_queries import dossier_apology, dossier_file, dossier_pause, refusal_reason


@staff_page
@require_GET
def download(request: HttpRequest, code: str, file_id: str) -> FileResponse:
    dossier = visible_dossier(request, code)
    stored = dossier_file(dossier, file_id)
    if stored is None:
        raise Http404(file_id)
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@staff_page
@require_GET
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    dossier = visible_dossier(request, code)
    if dossier.received_at is None:
        raise Http404(code)
    return pdf_response(slips.render_receipt(dossier), f"mau-01-{dossier.code}.pdf")


@staff_page
@require_GET
def supplement_request(request: HttpRequest, code: str, pause_id: int) -> HttpResponse:
    dossier = visible_dossier(request, code)
    pause = dossier_pause(dossier, pause_id)
    if pause is None or pause.reason != "supplement":
        raise Http404(pause_id)
    return pdf_response(
        slips.render_supplement_request(dossier, pause), f"mau-02-{dossier.code}-{pause.pk}.pdf"
    )


@staff_page
@require_GET
def refusal(request: HttpRequest, code: str) -> HttpResponse:
    dossier = visible_dossier(request, code)
    reason = refusal_reason(dossier) if dossier.status == DossierStatus.NOT_RECEIVED else None
    if reason is None:
        raise Http404(code)
    return pdf_response(slips.render_refusal(dossier, reason), f"mau-03-{dossier.code}.pdf")


@staff_page
@require_GET
def apology(request: HttpRequest, code: str, apology_id: str) -> HttpResponse:
    dossier = visible_dossier(request, code)
    found = dossier_apology(dossier, apology_id)
    if found is None or found.status == ApologyStatus.REJECTED:
        raise Http404(apology_id)
    return pdf_response(slips.render_apology(found), f"mau-04-{dossier.code}.pdf")


@staff_page
@require_GET
def process_control(request: HttpRequest, code: str) -> HttpResponse:
    dossier = visible_dossier(request, code)
    if dossier.received_at is None:
        raise Http404(code)
    return pdf_response(slips.render_process_control(dossier), f"mau-05-{dossier.code}.pdf")
