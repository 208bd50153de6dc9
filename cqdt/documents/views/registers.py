"""The registers (printable as PDF or Excel in the decree's layout) and the statistics page."""

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cqdt.agencies.models import Agency
from cqdt.documents import access, selectors
from cqdt.documents.forms import DATE
from cqdt.documents.printing.output import register_pdf, register_xlsx
from cqdt.documents.printing.registers import register_sheet
from cqdt.documents.statistics import documents_statistics
from cqdt.documents.views._common import pdf_response, staff_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_page
@require_GET
def registers(request: HttpRequest) -> HttpResponse:
    found = list(selectors.registers_for(user=request.user))
    years = selectors.register_years_map(found)
    this_year = timezone.localdate().year
    rows = [(register, years.get(register.pk) or [this_year]) for register in found]
    return render(request, "documents/registers.html", {"rows": rows})


@staff_page
@require_GET
def register_export(request: HttpRequest, public_id: str, year: int, extension: str) -> HttpResponse:
    register = selectors.register_get(user=request.user, public_id=public_id)
    if not 2000 <= year <= 2100 or extension not in ("pdf", "xlsx"):
        raise Http404(year)
    sheet = register_sheet(register, year)
    kind = "so-van-ban-di" if register.direction == "outgoing" else "so-van-ban-den"
    filename = f"{kind}-{year}.{extension}"
    if extension == "pdf":
        return pdf_response(register_pdf(sheet), filename, attachment=True)
    response = HttpResponse(register_xlsx(sheet), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class StatisticsForm(forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none(), empty_label=None)
    start = forms.DateField(label="Từ ngày", widget=DATE)
    end = forms.DateField(label="Đến ngày", widget=DATE)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise forms.ValidationError("Đến ngày phải sau hoặc trùng từ ngày.")
        return data


@staff_page
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    roles = access.roles_of(request.user)
    agencies = Agency.objects.filter(pk__in=roles.clerk_of | roles.leader_of).order_by("path")
    if not agencies.exists():
        raise PermissionDenied("Chỉ lãnh đạo, văn thư của cơ quan được xem thống kê văn bản.")
    today = timezone.localdate()
    data = (
        request.GET
        if "start" in request.GET
        else {
            "agency": agencies[0].pk,
            "start": today.replace(month=1, day=1).isoformat(),
            "end": today.isoformat(),
        }
    )
    form = StatisticsForm(data)
    form.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
    stats = None
    if form.is_valid():
        stats = documents_statistics(
            agency=form.cleaned_data["agency"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            today=today,
        )
    return render(request, "documents/statistics.html", {"form": form, "stats": stats})
