from datetime import timedelta

from cqdt.core.background import periodic_task
from cqdt.dossiers.services.statistics_summary import statistics_months_due, statistics_months_refresh
from cqdt.dossiers.services.warnings import dossiers_warn_deadlines


@periodic_task(every=timedelta(minutes=15))
def warn_deadlines() -> int:
    return dossiers_warn_deadlines()


@periodic_task(every=timedelta(minutes=10))
def refresh_statistics_summary() -> int:
    """Keep the monthly statistics summary at most ten minutes old; on a fresh node, backfill it."""
    return statistics_months_refresh(months=statistics_months_due())
