"""The statistics table and its rows: counts per handling agency or procedure rolled up to what is printed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from cqdt.agencies.models import Agency
from cqdt.catalog.models import Procedure
from cqdt.core.text import fold_diacritics
from cqdt.dossiers.statistics.counts import DossierCounts

GroupBy = Literal["agency", "procedure"] | None


@dataclass(frozen=True)
class StatisticsRow:
    """One group: a direct child agency (or the agency itself), or a procedure."""

    key: int
    code: str  # the agency's identifier code or the procedure's code
    label: str  # what the report prints in its second column
    counts: DossierCounts


@dataclass(frozen=True)
class StatisticsTable:
    agency: Agency
    period_start: date
    period_end: date
    group_by: GroupBy
    rows: tuple[StatisticsRow, ...]
    total: DossierCounts = field(default_factory=DossierCounts)
    # None: counted from the dossiers now. Otherwise composed from the monthly summary, and the oldest
    # moment at which one of its months was computed (the numbers are at least that fresh).
    computed_at: datetime | None = None

    @property
    def from_summary(self) -> bool:
        return self.computed_at is not None


def _is_active_during(agency: Agency, period_start: date, period_end: date) -> bool:
    started = agency.valid_from is None or agency.valid_from <= period_end
    not_ended = agency.valid_to is None or agency.valid_to >= period_start
    return started and not_ended


def rows_by_agency(
    agency: Agency, grouped: Mapping[int, DossierCounts], period_start: date, period_end: date
) -> tuple[StatisticsRow, ...]:
    """Roll the counts per handling agency (`grouped`) up to `agency`'s direct children.

    Agencies are read after the counts, so one created in between cannot be missing from `child_of`.
    """
    subtree = Agency.objects.filter(path__startswith=agency.path).only(
        "id", "parent_id", "path", "name", "identifier_code", "valid_from", "valid_to"
    )
    prefix_length = len(agency.path)
    child_of: dict[int, int | None] = {}  # agency id → the direct child of `agency` above it (None: itself)
    children: list[Agency] = []
    for member in subtree:
        rest = member.path[prefix_length:]
        child_of[member.pk] = int(rest.split("/", 1)[0]) if rest else None
        if member.parent_id == agency.pk:
            children.append(member)
    by_child: dict[int | None, DossierCounts] = {}
    for handling_agency_id, counts in grouped.items():
        child_id = child_of[handling_agency_id]
        by_child[child_id] = by_child.get(child_id, DossierCounts()) + counts
    rows: list[StatisticsRow] = []
    if None in by_child:
        label = f"{agency.name} (trực tiếp giải quyết)"
        rows.append(StatisticsRow(agency.pk, agency.identifier_code, label, by_child[None]))
    children.sort(key=lambda child: (fold_diacritics(child.name), child.name, child.pk))
    for child in children:
        if child.pk in by_child or _is_active_during(child, period_start, period_end):
            counts = by_child.get(child.pk, DossierCounts())
            rows.append(StatisticsRow(child.pk, child.identifier_code, child.name, counts))
    return tuple(rows)


def rows_by_procedure(grouped: Mapping[int, DossierCounts]) -> tuple[StatisticsRow, ...]:
    procedures = Procedure.objects.filter(pk__in=grouped).only("id", "code", "name").order_by("code", "id")
    return tuple(StatisticsRow(p.pk, p.code, f"{p.code} — {p.name}", grouped[p.pk]) for p in procedures)
