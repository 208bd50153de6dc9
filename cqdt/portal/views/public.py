"""Public pages, no sign-in: home, catalogue, procedure page, blank forms, statistics."""

from datetime import date

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cqdt.catalog.models import OnlineServiceType
from cqdt.portal import selectors
from cqdt.portal.forms import SearchForm

PAGE_SIZE = 20


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "form": SearchForm(),
            "fields": selectors.catalogue_fields(),
            "levels": selectors.catalogue_levels(),
        },
    )


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    agency = selectors.agency_by_public_id(filters["co_quan"]) if filters.get("co_quan") else None
    procedures = selectors.catalogue(
        q=filters.get("q", ""),
        field=filters.get("linh_vuc", ""),
        level=filters.get("cap", ""),
        agency=agency,
        online=filters.get("truc_tuyen", ""),
    )
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "portal/catalogue.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "fields": selectors.catalogue_fields(),
            "levels": selectors.catalogue_levels(),
            "agencies": selectors.catalogue_agencies(),
            "online_choices": OnlineServiceType.choices,
            "selected_agency": agency,
        },
    )


@require_GET
def procedure(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.procedure_page(code=code)
    if found is None:
        raise Http404("Không tìm thấy thủ tục.")
    agencies = [link.agency for link in found.agency_links.all() if link.agency.valid_to is None]
    return render(
        request,
        "portal/procedure.html",
        {
            "procedure": found,
            "cases": list(found.cases.all()),
            "agencies": agencies,
            "online": found.online_service != OnlineServiceType.NONE,
        },
    )


@require_GET
def blank_form(request: HttpRequest, code: str, component_id: str) -> FileResponse:
    component = selectors.blank_form_component(code=code, component_id=component_id)
    if component is None:
        raise Http404("Không tìm thấy mẫu đơn, tờ khai.")
    name = (component.blank_form.name or "").rsplit("/", 1)[-1]
    return FileResponse(component.blank_form.open("rb"), as_attachment=True, filename=name)


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2020), today.year)
    start = date(year, 1, 1)
    end = today if year == today.year else date(year, 12, 31)
    return render(
        request,
        "portal/statistics.html",
        {
            "year": year,
            "years": list(range(today.year, 2019, -1)),
            "start": start,
            "end": end,
            "tables": selectors.public_statistics(period_start=start, period_end=end),
        },
    )
