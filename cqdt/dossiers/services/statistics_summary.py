"""The monthly statistics summary: recompute months from the dossiers and replace their rows at once.

A month is computed with the live statistics query (`cqdt.dossiers.statistics.live`) over every handling
agency of the node, grouped by (handling agency, procedure): one query per month. The result depends only on
the data, so a refresh is idempotent. No audit record: the rows are derived data, recomputed by the system
every ten minutes.
"""

from dataclasses import asdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from cqdt.core.calendar import legal_time_zone
from cqdt.dossiers.deadlines import local_date
from cqdt.dossiers.models import Dossier, DossierStatisticsMonth, DossierStatisticsMonthRun
from cqdt.dossiers.statistics.live import (
    NEVER_RECEIVED,
    aggregates,
    counts_from,
    period_bounds,
    relevant_dossiers,
)
from cqdt.dossiers.statistics.months import month_end, month_start, months_between


def statistics_current_month() -> date:
    """The first day of this month in Vietnam time."""
    return month_start(local_date(timezone.now()))


def statistics_first_month() -> date | None:
    """January of the year of the oldest received dossier, so that its first year composes too; None
    without dossiers."""
    oldest = (
        Dossier.objects.filter(received_at__isnull=False)
        .exclude(status__in=NEVER_RECEIVED)
        .aggregate(oldest=Min("received_at"))["oldest"]
    )
    if oldest is None:
        return None
    return date(oldest.astimezone(legal_time_zone()).year, 1, 1)


def statistics_months_due() -> list[date]:
    """What the periodic refresh recomputes: the current and the previous month (late commits, transfers and
    corrections still move them), and every month since `statistics_first_month` never computed. Older
    months, once computed, are final."""
    current = statistics_current_month()
    due = {month_start(current - timedelta(days=1)), current}
    first = statistics_first_month()
    if first is not None:
        computed = DossierStatisticsMonthRun.objects.filter(month__gte=first).values_list("month", flat=True)
        due |= set(months_between(first, current)) - set(computed)
    return sorted(due)


def statistics_months_refresh(*, months: list[date]) -> int:
    """Recompute each month (its first day) and replace its rows, one transaction per month, oldest first.

    Returns the number of rows written. Two refreshes of the same month run one after the other (row lock on
    the month's run). A month that has not begun is refused: its end-of-month stocks are not known yet.
    """
    current = statistics_current_month()
    for month in months:
        if month.day != 1:
            raise ValueError(f"Tháng tổng hợp phải là ngày đầu tháng, không phải {month:%d/%m/%Y}.")
        if month > current:
            raise ValueError(f"Tháng {month:%m/%Y} chưa bắt đầu, chưa tổng hợp được.")
    return sum(_refresh_month(month) for month in sorted(set(months)))


@transaction.atomic
def _refresh_month(month: date) -> int:
    # Create the run row if needed, then lock it; a concurrent first refresh waits on the unique index.
    DossierStatisticsMonthRun.objects.get_or_create(month=month, defaults={"computed_at": timezone.now()})
    run = DossierStatisticsMonthRun.objects.select_for_update().get(month=month)
    computed_at = timezone.now()  # taken before the query: its numbers are at least this fresh
    period = period_bounds(month, month_end(month))
    grouped = (
        relevant_dossiers(period, root_path=None)
        .values("handling_agency_id", "procedure_id")
        .annotate(**aggregates(period))
    )
    rows = [
        DossierStatisticsMonth(
            month=month,
            handling_agency_id=values["handling_agency_id"],
            procedure_id=values["procedure_id"],
            computed_at=computed_at,
            **asdict(counts_from(values)),
        )
        for values in grouped
    ]
    DossierStatisticsMonth.objects.filter(month=month).delete()
    DossierStatisticsMonth.objects.bulk_create(rows, batch_size=2000)
    run.computed_at = computed_at
    run.save(update_fields=["computed_at"])
    return len(rows)
