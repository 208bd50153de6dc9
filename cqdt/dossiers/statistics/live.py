"""The counted columns computed from the dossiers themselves: one aggregate query over a period.

Used for any period by `dossier_statistics` when the monthly summary cannot answer, and by the summary's
refresh (`statistics_months_refresh`) for each month over the whole province.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import cast

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan, LessThan
from django.utils import timezone

from cqdt.core.calendar import legal_time_zone
from cqdt.dossiers.deadlines import local_date
from cqdt.dossiers.models import Channel, Dossier, DossierPause
from cqdt.dossiers.statistics.counts import DossierCounts
from cqdt.dossiers.status import PROCESSED, DossierStatus

_PROCESSED = sorted(int(status) for status in PROCESSED)
NEVER_RECEIVED = [int(DossierStatus.SUBMITTED), int(DossierStatus.NOT_RECEIVED)]


@dataclass(frozen=True)
class Period:
    start: datetime  # first instant of the first day, Vietnam time
    end: datetime  # first instant after the last day (exclusive)
    last_day: datetime  # first instant of the last day


def period_bounds(period_start: date, period_end: date) -> Period:
    if period_end < period_start:
        raise ValueError("Ngày kết thúc kỳ báo cáo phải trùng hoặc sau ngày bắt đầu.")
    zone = legal_time_zone()
    # A period that ends after today (this month, this year) is read as of today: a dossier due next week
    # is not late yet, whatever the period's last day will be.
    today = local_date(timezone.now())
    return Period(
        start=datetime.combine(period_start, time.min, zone),
        end=datetime.combine(period_end + timedelta(days=1), time.min, zone),
        last_day=datetime.combine(min(period_end, today), time.min, zone),
    )


def _late_at_end(period: Period, open_at_end: Q) -> Q:
    """Open at the end and late by the due date that applied at that moment (not the one it has today).

    The services leave `due_at` alone during a pause and move it when the pause ends, recording the old
    value in `DossierPause.due_at_before`. So the due date at the end E is: for a dossier paused at E, the
    pause's `due_at_before`; else, if it was paused later, the first later pause's `due_at_before`; else its
    current `due_at`. A dossier paused at E is late only if the pause began after its due date: the clock
    stopped in time otherwise (domain reference §1.8).
    """
    zone = legal_time_zone()
    pauses = DossierPause.objects.all()
    paused = pauses.filter(started_at__lt=period.end).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=period.end)
    )
    paused_after_due = paused.filter(
        GreaterThan(TruncDate("started_at", tzinfo=zone), TruncDate("due_at_before", tzinfo=zone))
    )
    later = pauses.filter(started_at__gte=period.end)
    earlier_later = pauses.filter(
        dossier_id=OuterRef("dossier_id"), started_at__gte=period.end, started_at__lt=OuterRef("started_at")
    )
    first_later_overdue = later.filter(due_at_before__lt=period.last_day).exclude(Exists(earlier_later))
    return open_at_end & (
        Q(pk__in=paused_after_due.values("dossier_id"))
        | (
            ~Q(pk__in=paused.values("dossier_id"))
            & (
                Q(pk__in=first_later_overdue.values("dossier_id"))
                | (Q(due_at__lt=period.last_day) & ~Q(pk__in=later.values("dossier_id")))
            )
        )
    )


def aggregates(period: Period) -> dict[str, Count]:
    """Conditional counts over the rows `relevant_dossiers` keeps (no condition repeats that filter).

    Cost notes (PostgreSQL, 1 M rows): the date conversions are the expensive part, so "on time" is derived
    (processed − early − late) rather than counted, and "in time" is in progress − late. The pause tests are
    uncorrelated `IN`s, which the planner hashes once, where a correlated EXISTS would probe the index for
    every open dossier.
    """
    zone = legal_time_zone()
    finished_on = TruncDate("finished_at", tzinfo=zone)
    due_on = TruncDate("due_at", tzinfo=zone)
    new = Q(received_at__gte=period.start)
    processed = Q(status__in=_PROCESSED, finished_at__gte=period.start, finished_at__lt=period.end)
    open_at_end = Q(finished_at__isnull=True) | Q(finished_at__gte=period.end) | ~Q(status__in=_PROCESSED)
    paused_at_end = DossierPause.objects.filter(started_at__lt=period.end).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=period.end)
    )
    stopped_by_end = Q(status=DossierStatus.STOPPED, closed_at__lt=period.end)
    conditions: dict[str, Q] = {
        "carried_over": Q(received_at__lt=period.start),
        "received_online": new & Q(channel=Channel.ONLINE),
        "received_in_person": new & Q(channel=Channel.IN_PERSON),
        "received_postal": new & Q(channel=Channel.POSTAL),
        "processed": processed,
        # A missing due date makes both comparisons NULL: the dossier falls into "on time".
        "processed_early": processed & Q(LessThan(finished_on, due_on)),
        "processed_late": processed & Q(GreaterThan(finished_on, due_on)),
        "in_progress": open_at_end,
        "in_progress_late": _late_at_end(period, open_at_end),
        "paused": open_at_end & (stopped_by_end | Q(pk__in=paused_at_end.values("dossier_id"))),
    }
    return {name: Count("pk", filter=condition) for name, condition in conditions.items()}


def relevant_dossiers(period: Period, *, root_path: str | None) -> QuerySet[Dossier]:
    """Received by the end of the period and not processed before it began; any other dossier counts zero.

    `root_path` limits them to the handling agencies of a subtree (an `Agency.path`); None: every agency.
    """
    dossiers = Dossier.objects.all()
    if root_path is not None:
        dossiers = dossiers.filter(handling_agency__path__startswith=root_path)
    return (
        dossiers.filter(received_at__lt=period.end)
        .exclude(status__in=NEVER_RECEIVED)
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=period.start) | ~Q(status__in=_PROCESSED))
        .order_by()
    )


def counts_from(values: Mapping[str, object]) -> DossierCounts:
    """The counted columns from one row of `aggregates`."""

    def count(name: str) -> int:
        return cast(int, values[name]) or 0

    return DossierCounts(
        carried_over=count("carried_over"),
        received_online=count("received_online"),
        received_in_person=count("received_in_person"),
        received_postal=count("received_postal"),
        processed_early=count("processed_early"),
        processed_on_time=count("processed") - count("processed_early") - count("processed_late"),
        processed_late=count("processed_late"),
        in_progress_on_schedule=count("in_progress") - count("in_progress_late"),
        in_progress_late=count("in_progress_late"),
        paused=count("paused"),
    )


def live_grouped(period: Period, *, root_path: str, key: str) -> dict[int, DossierCounts]:
    """The counts of a subtree's dossiers per value of `key` ("handling_agency_id" or "procedure_id")."""
    dossiers = relevant_dossiers(period, root_path=root_path)
    return {
        values[key]: counts_from(values) for values in dossiers.values(key).annotate(**aggregates(period))
    }


def live_total(period: Period, *, root_path: str) -> DossierCounts:
    return counts_from(relevant_dossiers(period, root_path=root_path).aggregate(**aggregates(period)))
