"""Statistics of the user's agency and its subtree (/mot-cua/thong-ke/), on screen and as an Excel file."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cqdt.agencies.models import Agency
from cqdt.dossiers.forms import StatisticsForm
from cqdt.dossiers.statistics import COLUMN_KEYS, GroupBy, StatisticsTable, dossier_statistics
from cqdt.dossiers.statistics_export import statistics_filename, statistics_xlsx
from cqdt.dossiers.views._common import staff_page
from cqdt.dossiers.workspace_queries import statistics_agencies, statistics_agency

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form(request: HttpRequest, agencies: list[Agency]) -> StatisticsForm:
    today = timezone.localdate()
    defaults = {
        "period_start": today.replace(day=1).strftime("%d/%m/%Y"),
        "period_end": today.strftime("%d/%m/%Y"),
    }
    data: dict[str, Any] = {**defaults, **request.GET.dict()}
    return StatisticsForm(data, agencies=agencies)


def _table(request: HttpRequest) -> tuple[StatisticsForm, StatisticsTable | None]:
    agencies = statistics_agencies(request.user)
    if not agencies:
        raise PermissionDenied("Bạn chưa được phân công vào cơ quan, đơn vị nào.")
    form = _form(request, agencies)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    agency = statistics_agency(request.user, data.get("agency"))
    if agency is None:
        raise PermissionDenied("Bạn không được xem số liệu của cơ quan này.")
    if agency not in agencies:
        widget = form.fields["agency"].widget
        widget.choices = [*widget.choices, (agency.pk, agency.name)]
    start: date = data["period_start"]
    end: date = data["period_end"]
    group_by: GroupBy = "procedure" if data.get("group_by") == "procedure" else "agency"
    return form, dossier_statistics(agency=agency, period_start=start, period_end=end, group_by=group_by)


@staff_page
@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    form, table = _table(request)
    rows = []
    if table is not None:
        rows = [(row, row.counts.columns()) for row in table.rows]
    context = {
        "form": form,
        "table": table,
        "rows": rows,
        "total": table.total.columns() if table is not None else (),
        "column_count": len(COLUMN_KEYS),
        "query": request.GET.urlencode(),
    }
    return render(request, "dossiers/statistics.html", context, status=200 if table is not None else 400)


@staff_page
@require_GET
def statistics_export(request: HttpRequest) -> HttpResponse:
    form, table = _table(request)
    if table is None:
        return render(request, "dossiers/statistics.html", {"form": form, "table": None}, status=400)
    response = HttpResponse(statistics_xlsx(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{statistics_filename(table)}"'
    return response
