"""The inboxes (/mot-cua/): tabs with counts, filters, keyset pagination."""

import functools
from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from cqdt.dossiers.deadlines import DeadlineClock
from cqdt.dossiers.forms import InboxFilterForm
from cqdt.dossiers.selectors import Box, InboxRow, box_counts, inbox_page
from cqdt.dossiers.views._common import local_text, staff_page
from cqdt.dossiers.workspace_queries import deadline_state, filter_procedures

PAGE_SIZE = 25
DEFAULT_BOX = Box.TO_PROCESS


@dataclass(frozen=True)
class Row:
    """One table row, formatted here: 25 rows of template lookups and date filters cost more than the
    rest of the page."""

    code: str
    url: str
    procedure_name: str
    applicant_name: str
    received_at: str
    due_at: str
    deadline: str  # "overdue", "near" or "" for the appointment
    rescheduled_due_at: str
    step_name: str
    assignee_name: str
    step_overdue_at: str  # the current step's deadline if it has passed, else ""
    status_label: str


@dataclass(frozen=True)
class Tab:
    box: str
    label: str
    count: int | None
    url: str
    active: bool


def parse_cursor(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _query(params: QueryDict, **changes: str | None) -> str:
    query = params.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _row(item: InboxRow, *, clock: DeadlineClock, url_prefix: str) -> Row:
    return Row(
        code=item.code,
        url=f"{url_prefix}{quote(item.code)}/",
        procedure_name=item.procedure_name,
        applicant_name=item.applicant_name,
        received_at=local_text(item.received_at, empty="—"),
        due_at=local_text(item.due_at, empty="—"),
        deadline=deadline_state(item, clock),
        rescheduled_due_at=local_text(item.rescheduled_due_at),
        step_name=item.step_name or "",
        assignee_name=item.assignee_name or "",
        step_overdue_at=local_text(item.step_deadline, "%d/%m %H:%M") if item.step_overdue(clock.now) else "",
        status_label=item.status_label,
    )


def _fields_html(form: InboxFilterForm) -> SafeString:
    return mark_safe("".join(f"<div>{field.as_field_group()}</div>" for field in form))  # noqa: S308


@functools.lru_cache(maxsize=256)
def _valid_fields_html(language: str, values: tuple[tuple[str, str], ...]) -> SafeString:
    return _fields_html(InboxFilterForm(dict(values)))


def filter_fields_html(form: InboxFilterForm) -> SafeString:
    """The filter form's fields, rendered once per process for each set of valid values: their six field
    templates cost a third of the inbox page's CPU under load (py-spy, docs/performance.md), and most pages
    are asked with no filter or the same few. The HTML of a valid form depends only on the values its widgets
    read and the language; a form with errors is rendered each time (whether a procedure code is valid can
    change)."""
    if form.errors:
        return _fields_html(form)
    values = tuple((name, form.data[name]) for name in form.fields if form.data.get(name) is not None)
    return _valid_fields_html(get_language(), values)


@staff_page
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    box = request.GET.get("box", DEFAULT_BOX)
    if box not in Box.LABELS:
        box = DEFAULT_BOX
    form = InboxFilterForm(request.GET)
    now = timezone.now()
    page = inbox_page(
        request.user,
        box,
        filters=form.filters(),
        after=parse_cursor(request.GET.get("after")),
        limit=PAGE_SIZE,
        now=now,
    )
    counts = box_counts(request.user, now=now)
    clock = DeadlineClock(now)
    url_prefix = reverse("dossiers:dossier", args=["-"]).removesuffix("-/")  # one reverse() per page
    tabs = [
        Tab(key, label, counts.get(key), _query(request.GET, box=key, after=None), key == box)
        for key, label in Box.LABELS.items()
    ]
    next_url = _query(request.GET, after=str(page.next_cursor)) if page.next_cursor else None
    context = {
        "form": form,
        "filter_fields": filter_fields_html(form),
        "box": box,
        "box_label": Box.LABELS[box],
        "tabs": tabs,
        "rows": [_row(item, clock=clock, url_prefix=url_prefix) for item in page.items],
        "next_url": next_url,
        "first_url": _query(request.GET, after=None) if request.GET.get("after") else None,
        "procedures": filter_procedures().values_list("code", "name"),
    }
    return render(request, "dossiers/inbox.html", context)
