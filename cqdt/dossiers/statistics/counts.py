"""The counted columns of one row of the statistics table, and the totals and rates derived from them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

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

# How the counted columns of back-to-back periods combine into the columns of the whole: flows add up,
# the stock at the start is the first period's, the stocks at the end are the last period's.
COUNTED_FIELDS = tuple(f.name for f in fields(DossierCounts))
START_STOCK_FIELDS = ("carried_over",)
END_STOCK_FIELDS = ("in_progress_on_schedule", "in_progress_late", "paused")
FLOW_FIELDS = tuple(name for name in COUNTED_FIELDS if name not in START_STOCK_FIELDS + END_STOCK_FIELDS)


def sum_counts(counts: Iterable[DossierCounts]) -> DossierCounts:
    total = DossierCounts()
    for item in counts:
        total += item
    return total
