"""JSON API of the documents app (QLVB-ĐH), mounted by the project at /api/v1/documents/.

Staff only, with the session (and its CSRF token for writes). A document the caller may not see is a 404,
an action they may not take a 403, invalid input a 400 — all problem+json through the project's handlers.
"""

from datetime import date
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router
from ninja.security import django_auth

from cqdt.agencies.models import Agency
from cqdt.documents import access, selectors
from cqdt.documents.api import common, incoming, outgoing
from cqdt.documents.api.output import register_out, statistics_out
from cqdt.documents.api.schemas import DocumentTypeOut, RegisterOut, StatisticsOut
from cqdt.documents.models import DocumentType
from cqdt.documents.printing.output import register_pdf, register_xlsx
from cqdt.documents.printing.registers import register_sheet
from cqdt.documents.statistics import documents_statistics

router = Router(auth=django_auth, tags=["Quản lý văn bản"])
router.add_router("", incoming.router)
router.add_router("", outgoing.router)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/types", response=list[DocumentTypeOut], summary="Loại văn bản (Nghị định 30/2020, Phụ lục III)")
def document_types(request: HttpRequest) -> Any:
    common.staff(request)
    return list(selectors.document_types())


@router.get("/registers", response=list[RegisterOut], summary="Sổ đăng ký văn bản của cơ quan tôi")
def registers(
    request: HttpRequest, direction: Literal["", "incoming", "outgoing"] = ""
) -> list[dict[str, Any]]:
    found = list(selectors.registers_for(user=common.staff(request), direction=direction))
    years = selectors.register_years_map(found)
    return [register_out(register, years.get(register.pk, [])) for register in found]


@router.get("/registers/{public_id}/export", summary="In sổ đăng ký theo mẫu (PDF hoặc Excel)")
def register_export(
    request: HttpRequest,
    public_id: UUID,
    year: int = Query(..., ge=2000, le=2100),
    format: Literal["pdf", "xlsx"] = "pdf",
) -> HttpResponse:
    register = selectors.register_get(user=common.staff(request), public_id=public_id)
    sheet = register_sheet(register, year)
    if format == "xlsx":
        response = HttpResponse(register_xlsx(sheet), content_type=XLSX)
    else:
        response = HttpResponse(register_pdf(sheet), content_type="application/pdf")
    kind = "so-van-ban-di" if register.direction == "outgoing" else "so-van-ban-den"
    response["Content-Disposition"] = f'attachment; filename="{kind}-{year}.{format}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/statistics", response=StatisticsOut, summary="Thống kê văn bản đến, đi và tình hình xử lý")
def statistics(request: HttpRequest, agency: UUID, start: date, end: date) -> dict[str, Any]:
    user = common.staff(request)
    found = Agency.objects.filter(public_id=agency).first()
    roles = access.roles_of(user)
    if found is None or found.pk not in roles.clerk_of | roles.leader_of:
        raise PermissionDenied("Chỉ lãnh đạo, văn thư của cơ quan được xem thống kê.")
    if end < start or (end - start).days > 366 * 5:
        raise common.invalid("Khoảng thời gian không hợp lệ (từ ngày phải trước đến ngày, tối đa 5 năm).")
    stats = documents_statistics(agency=found, start=start, end=end, today=timezone.localdate())
    return statistics_out(stats)


__all__ = ["DocumentType", "router"]
