"""Dossier statistics of an agency subtree over a period: the Circular 01/2020/TT-VPCP result table.

Every column is derived from timestamps (received_at, finished_at, closed_at, the pause intervals), never
from what a dossier's status happens to be today beyond the facts that cannot change (a processed dossier
stays processed; a stopped one stays stopped), so a table for a past period does not move when a dossier is
resolved later. The column definitions, their legal source and our reading of it are in docs/statistics.md.

Cost: one aggregate query over the dossiers (conditional counts grouped by the handling agency or the
procedure) plus one small query for the row labels; the roll-up to direct children is over groups, not
dossiers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, cast

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan, LessThan

from cqdt.agencies.models import Agency
from cqdt.catalog.models import Procedure
from cqdt.core.calendar import legal_time_zone
from cqdt.core.text import fold_diacritics
from cqdt.dossiers.models import Channel, Dossier, DossierPause
from cqdt.dossiers.status import PROCESSED, DossierStatus

GroupBy = Literal["agency", "procedure"] | None

_PROCESSED = sorted(int(status) for status in PROCESSED)
_NEVER_RECEIVED = [int(DossierStatus.SUBMITTED), int(DossierStatus.NOT_RECEIVED)]
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def _rate(numerator: int, denominator: int) -> Decimal | None:
    if denominator == 0:
        return None
    return (Decimal(numerator) * _HUNDRED / Decimal(denominator)).quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DossierCounts:
    """The counted columns of one row; the totals and rates are derived from them."""

    carried_over: int = 0
    received_online: int = 0
    received_in_person: int = 0
    received_postal: int = 0
    processed_early: int = 0
    processed_on_time: int = 0
    processed_late: int = 0
    in_progress_on_schedule: int = 0
    in_progress_late: int = 0
    paused: int = 0

    def __add__(self, other: DossierCounts) -> DossierCounts:
        return DossierCounts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def received_new(self) -> int:
        return self.received_online + self.received_in_person + self.received_postal

    @property
    def received_total(self) -> int:
        return self.carried_over + self.received_new

    @property
    def processed_total(self) -> int:
        return self.processed_early + self.processed_on_time + self.processed_late

    @property
    def in_progress_total(self) -> int:
        return self.in_progress_on_schedule + self.in_progress_late

    @property
    def on_time_rate(self) -> Decimal | None:
        """(Trước hạn + đúng hạn) / đã giải quyết in percent, 2 decimals; None when nothing was processed."""
        return _rate(self.processed_early + self.processed_on_time, self.processed_total)

    @property
    def online_rate(self) -> Decimal | None:
        """Trực tuyến / mới tiếp nhận, in percent with 2 decimals; None when nothing new was received."""
        return _rate(self.received_online, self.received_new)

    def columns(self) -> tuple[int | Decimal | None, ...]:
        """The 15 value columns in the order of the table (see `COLUMN_KEYS`)."""
        return (
            self.received_total,
            self.carried_over,
            self.received_online,
            self.received_in_person,
            self.received_postal,
            self.processed_total,
            self.processed_early,
            self.processed_on_time,
            self.processed_late,
            self.in_progress_total,
            self.in_progress_on_schedule,
            self.in_progress_late,
            self.paused,
            self.on_time_rate,
            self.online_rate,
        )


COLUMN_KEYS = (
    "received_total",
    "carried_over",
    "received_online",
    "received_in_person",
    "received_postal",
    "processed_total",
    "processed_early",
    "processed_on_time",
    "processed_late",
    "in_progress_total",
    "in_progress_on_schedule",
    "in_progress_late",
    "paused",
    "on_time_rate",
    "online_rate",
)


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


@dataclass(frozen=True)
class _Period:
    start: datetime  # first instant of the first day, Vietnam time
    end: datetime  # first instant after the last day (exclusive)
    last_day: datetime  # first instant of the last day


def _period(period_start: date, period_end: date) -> _Period:
    if period_end < period_start:
        raise ValueError("Ngày kết thúc kỳ báo cáo phải trùng hoặc sau ngày bắt đầu.")
    zone = legal_time_zone()
    return _Period(
        start=datetime.combine(period_start, time.min, zone),
        end=datetime.combine(period_end + timedelta(days=1), time.min, zone),
        last_day=datetime.combine(period_end, time.min, zone),
    )


def _late_at_end(period: _Period, open_at_end: Q) -> Q:
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


def _aggregates(period: _Period) -> dict[str, Count]:
    """Conditional counts over the rows `_relevant_dossiers` keeps (no condition repeats that filter).

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


def _relevant_dossiers(agency: Agency, period: _Period) -> QuerySet[Dossier]:
    """Received by the end of the period and not processed before it began; any other dossier counts zero."""
    return (
        Dossier.objects.filter(handling_agency__path__startswith=agency.path, received_at__lt=period.end)
        .exclude(status__in=_NEVER_RECEIVED)
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=period.start) | ~Q(status__in=_PROCESSED))
        .order_by()
    )


def _counts(values: Mapping[str, object]) -> DossierCounts:
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


def _sum(counts: Iterable[DossierCounts]) -> DossierCounts:
    total = DossierCounts()
    for item in counts:
        total += item
    return total


def _is_active_during(agency: Agency, period_start: date, period_end: date) -> bool:
    started = agency.valid_from is None or agency.valid_from <= period_end
    not_ended = agency.valid_to is None or agency.valid_to >= period_start
    return started and not_ended


def _rows_by_agency(
    agency: Agency,
    dossiers: QuerySet[Dossier],
    aggregates: dict[str, Count],
    period_start: date,
    period_end: date,
) -> tuple[StatisticsRow, ...]:
    # Grouping by the bare foreign key keeps the aggregate a hash over the handling agencies; the roll-up
    # to direct children is over those groups. Agencies are read after the counts, so one created in between
    # cannot be missing from `child_of`.
    grouped = [
        (values["handling_agency_id"], _counts(values))
        for values in dossiers.values("handling_agency_id").annotate(**aggregates)
    ]
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
    for handling_agency_id, counts in grouped:
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


def _rows_by_procedure(
    dossiers: QuerySet[Dossier], aggregates: dict[str, Count]
) -> tuple[StatisticsRow, ...]:
    counts = {
        values["procedure_id"]: _counts(values)
        for values in dossiers.values("procedure_id").annotate(**aggregates)
    }
    procedures = Procedure.objects.filter(pk__in=counts).only("id", "code", "name").order_by("code", "id")
    return tuple(StatisticsRow(p.pk, p.code, f"{p.code} — {p.name}", counts[p.pk]) for p in procedures)


def dossier_statistics(
    *, agency: Agency, period_start: date, period_end: date, group_by: GroupBy = "agency"
) -> StatisticsTable:
    """The Circular 01/2020 table for the dossiers handled in `agency`'s subtree.

    The period is the Vietnam-time dates `period_start`..`period_end`, both included. `group_by="agency"`
    gives one row per direct child of `agency` (plus one for dossiers handled by `agency` itself), "procedure"
    one row per procedure with dossiers, None only the total.
    """
    period = _period(period_start, period_end)
    aggregates = _aggregates(period)
    dossiers = _relevant_dossiers(agency, period)
    if group_by is None:
        total = _counts(dossiers.aggregate(**aggregates))
        return StatisticsTable(agency, period_start, period_end, None, (), total)
    if group_by == "agency":
        rows = _rows_by_agency(agency, dossiers, aggregates, period_start, period_end)
    elif group_by == "procedure":
        rows = _rows_by_procedure(dossiers, aggregates)
    else:
        raise ValueError(f"Không hỗ trợ nhóm theo “{group_by}”.")
    return StatisticsTable(agency, period_start, period_end, group_by, rows, _sum(row.counts for row in rows))
