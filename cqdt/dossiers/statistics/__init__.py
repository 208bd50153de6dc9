"""Dossier statistics of an agency subtree over a period: the Circular 01/2020/TT-VPCP result table.

Every column is derived from timestamps (received_at, finished_at, closed_at, the pause intervals), never
from what a dossier's status happens to be today beyond the facts that cannot change (a processed dossier
stays processed; a stopped one stays stopped), so a table for a past period does not move when a dossier is
resolved later. The column definitions, their legal source and our reading of it are in docs/statistics.md.

Two ways to the same numbers:

- a period made of whole months that are all in the monthly summary (`DossierStatisticsMonth`, refreshed by
  a periodic task) is composed from the summary rows: one query for the months, one aggregate over the
  summary rows, one for the row labels (`summary.py`);
- any other period is counted from the dossiers: one aggregate query (conditional counts grouped by the
  handling agency or the procedure) plus one small query for the row labels (`live.py`).

The roll-up to direct children is over groups, never over dossiers (`table.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from django.utils import timezone

from cqdt.agencies.models import Agency
from cqdt.dossiers.deadlines import local_date
from cqdt.dossiers.statistics.counts import COLUMN_KEYS, DossierCounts, sum_counts
from cqdt.dossiers.statistics.live import live_grouped, live_total, period_bounds
from cqdt.dossiers.statistics.months import month_end
from cqdt.dossiers.statistics.summary import summary_grouped, summary_period, summary_total
from cqdt.dossiers.statistics.table import (
    GroupBy,
    StatisticsRow,
    StatisticsTable,
    rows_by_agency,
    rows_by_procedure,
)

__all__ = [
    "COLUMN_KEYS",
    "DossierCounts",
    "GroupBy",
    "StatisticsRow",
    "StatisticsTable",
    "dossier_statistics",
    "dossier_statistics_live",
]


@dataclass(frozen=True)
class _Source:
    grouped: Callable[..., dict[int, DossierCounts]]  # (key=...) → counts per agency or procedure id
    total: Callable[[], DossierCounts]
    computed_at: datetime | None


def _composable_end(period_end: date) -> date:
    """Nothing has happened after today, and a period is read as of today (`period_bounds`), so a period
    that ends today or later has the same numbers as one ending on the last day of this month: the last
    month the summary holds."""
    today = local_date(timezone.now())
    return month_end(today) if period_end >= today else period_end


def _source(agency: Agency, period_start: date, period_end: date, use_summary: bool) -> _Source:
    summary = summary_period(period_start, _composable_end(period_end)) if use_summary else None
    if summary is not None:
        return _Source(
            grouped=partial(summary_grouped, summary, root_path=agency.path),
            total=partial(summary_total, summary, root_path=agency.path),
            computed_at=summary.computed_at,
        )
    period = period_bounds(period_start, period_end)
    return _Source(
        grouped=partial(live_grouped, period, root_path=agency.path),
        total=partial(live_total, period, root_path=agency.path),
        computed_at=None,
    )


def dossier_statistics(
    *, agency: Agency, period_start: date, period_end: date, group_by: GroupBy = "agency"
) -> StatisticsTable:
    """The Circular 01/2020 table for the dossiers handled in `agency`'s subtree.

    The period is the Vietnam-time dates `period_start`..`period_end`, both included. `group_by="agency"`
    gives one row per direct child of `agency` (plus one for dossiers handled by `agency` itself), "procedure"
    one row per procedure with dossiers, None only the total. Composed from the monthly summary when the
    period is made of computed whole months, counted from the dossiers otherwise.
    """
    return _statistics(agency, period_start, period_end, group_by, use_summary=True)


def dossier_statistics_live(
    *, agency: Agency, period_start: date, period_end: date, group_by: GroupBy = "agency"
) -> StatisticsTable:
    """The same table, always counted from the dossiers: to check the summary against, or to measure."""
    return _statistics(agency, period_start, period_end, group_by, use_summary=False)


def _statistics(
    agency: Agency, period_start: date, period_end: date, group_by: GroupBy, *, use_summary: bool
) -> StatisticsTable:
    period_bounds(period_start, period_end)  # refuses a period that ends before it starts
    if group_by not in ("agency", "procedure", None):
        raise ValueError(f"Không hỗ trợ nhóm theo “{group_by}”.")
    source = _source(agency, period_start, period_end, use_summary)
    if group_by is None:
        return StatisticsTable(agency, period_start, period_end, None, (), source.total(), source.computed_at)
    if group_by == "agency":
        rows = rows_by_agency(agency, source.grouped(key="handling_agency_id"), period_start, period_end)
    else:
        rows = rows_by_procedure(source.grouped(key="procedure_id"))
    total = sum_counts(row.counts for row in rows)
    return StatisticsTable(agency, period_start, period_end, group_by, rows, total, source.computed_at)
