from datetime import timedelta

from cqdt.core.background import periodic_task
from cqdt.dossiers.services.warnings import dossiers_warn_deadlines


@periodic_task(every=timedelta(minutes=15))
def warn_deadlines() -> int:
    return dossiers_warn_deadlines()
