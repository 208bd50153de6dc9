"""The counted columns composed from the monthly summary (`DossierStatisticsMonth`), for whole months.

For back-to-back months the columns of the whole period are: the flows (received, processed) summed over the
months, the stock at the start (carried over) of the first month, and the stocks at the end (in progress in
time or late, paused) of the last month. The summary only answers when every month of the period has been
computed (`DossierStatisticsMonthRun`); a month without dossiers is computed and has no rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Min, Q, QuerySet, Sum

from cqdt.dossiers.models import DossierStatisticsMonth, DossierStatisticsMonthRun
from cqdt.dossiers.statistics.counts import (
    COUNTED_FIELDS,
    END_STOCK_FIELDS,
    FLOW_FIELDS,
    START_STOCK_FIELDS,
    DossierCounts,
)
from cqdt.dossiers.statistics.months import aligned_months


@dataclass(frozen=True)
class SummaryPeriod:
    first_month: date
    last_month: date
    computed_at: datetime  # the oldest computation among the months


def summary_period(period_start: date, period_end: date) -> SummaryPeriod | None:
    """The period as whole computed months, or None when it is not month-aligned or a month is missing.

    One query, and none for a period that is not month-aligned.
    """
    months = aligned_months(period_start, period_end)
    if not months:
        return None
    runs = DossierStatisticsMonthRun.objects.filter(month__gte=months[0], month__lte=months[-1]).aggregate(
        count=Count("pk"), oldest=Min("computed_at")
    )
    if runs["count"] != len(months):
        return None
    return SummaryPeriod(months[0], months[-1], runs["oldest"])


def _sums(summary: SummaryPeriod) -> dict[str, Sum]:
    sums = {name: Sum(name) for name in FLOW_FIELDS}
    sums |= {name: Sum(name, filter=Q(month=summary.first_month)) for name in START_STOCK_FIELDS}
    sums |= {name: Sum(name, filter=Q(month=summary.last_month)) for name in END_STOCK_FIELDS}
    return sums


def _counts(values: Mapping[str, int | None]) -> DossierCounts:
    return DossierCounts(**{name: values[name] or 0 for name in COUNTED_FIELDS})


def _rows(summary: SummaryPeriod, root_path: str) -> QuerySet[DossierStatisticsMonth]:
    return DossierStatisticsMonth.objects.filter(
        month__gte=summary.first_month,
        month__lte=summary.last_month,
        handling_agency__path__startswith=root_path,
    ).order_by()


def summary_grouped(summary: SummaryPeriod, *, root_path: str, key: str) -> dict[int, DossierCounts]:
    """The counts of a subtree per value of `key` ("handling_agency_id" or "procedure_id")."""
    rows = _rows(summary, root_path).values(key).annotate(**_sums(summary))
    return {values[key]: _counts(values) for values in rows}


def summary_total(summary: SummaryPeriod, *, root_path: str) -> DossierCounts:
    return _counts(_rows(summary, root_path).aggregate(**_sums(summary)))
