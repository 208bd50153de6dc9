"""The inboxes (/mot-cua/): tabs with counts, filters, keyset pagination."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cqdt.dossiers.forms import InboxFilterForm
from cqdt.dossiers.models import Dossier
from cqdt.dossiers.selectors import Box, box_counts, inbox_page
from cqdt.dossiers.views._common import staff_page
from cqdt.dossiers.workspace_queries import (
    deadline_horizon,
    deadline_state,
    filter_procedures,
    step_overdue,
)

PAGE_SIZE = 25
DEFAULT_BOX = Box.TO_PROCESS


@dataclass(frozen=True)
class Row:
    dossier: Dossier
    deadline: str  # "overdue", "near" or "" for the appointment
    step_overdue: bool  # the current step is past its own deadline


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
    horizon = deadline_horizon(now)
    tabs = [
        Tab(key, label, counts.get(key), _query(request.GET, box=key, after=None), key == box)
        for key, label in Box.LABELS.items()
    ]
    next_url = _query(request.GET, after=str(page.next_cursor)) if page.next_cursor else None
    context = {
        "form": form,
        "box": box,
        "box_label": Box.LABELS[box],
        "tabs": tabs,
        "rows": [
            Row(d, deadline_state(d, now=now, horizon=horizon), step_overdue(d, now)) for d in page.items
        ],
        "next_url": next_url,
        "first_url": _query(request.GET, after=None) if request.GET.get("after") else None,
        "procedures": filter_procedures().values_list("code", "name"),
    }
    return render(request, "dossiers/inbox.html", context)
