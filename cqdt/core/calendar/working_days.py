"""Which dates are working days: Monday–Friday, minus days off, plus make-up weekend days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from cqdt.core.calendar.overrides import OverrideLoader, no_overrides
from cqdt.core.calendar.public_holidays import LAST_SUPPORTED_YEAR, check_year, package_year

_SATURDAY = 5
_ONE_DAY = timedelta(days=1)


class CalendarDay(NamedTuple):
    day: date
    reason: str


@dataclass
class _Year:
    off: dict[date, str] = field(default_factory=dict)  # Monday–Friday dates that are not worked
    makeup: dict[date, str] = field(default_factory=dict)  # Saturday/Sunday dates that are worked


def is_weekend(day: date) -> bool:
    return day.weekday() >= _SATURDAY


class WorkingDays:
    """The working days of a span of years: the ``holidays`` package, then overrides on top.

    Overrides are loaded per block of years (one query for ``load_window_years`` years at a time), so
    day-by-day questions never query per day. Build one per request or per computation: it does not see
    overrides changed after they were loaded.
    """

    def __init__(self, *, overrides: OverrideLoader = no_overrides, load_window_years: int = 2) -> None:
        if load_window_years < 1:
            raise ValueError("load_window_years must be at least 1.")
        self._load = overrides
        self._window = load_window_years
        self._years: dict[int, _Year] = {}

    def preload(self, first_year: int, last_year: int) -> None:
        """Load the given years (both included) with a single call to the override loader."""
        check_year(first_year)
        last_year = min(last_year, LAST_SUPPORTED_YEAR)
        missing = [year for year in range(first_year, last_year + 1) if year not in self._years]
        if not missing:
            return
        years = {year: _package_part(year) for year in missing}
        for override in self._load(missing[0], missing[-1]):
            year = years.get(override.day.year)
            if year is None:
                continue
            day, reason = override.day, override.reason
            if override.working:
                year.off.pop(day, None)
                if is_weekend(day):
                    year.makeup[day] = reason
            else:
                year.makeup.pop(day, None)
                if not is_weekend(day):
                    year.off[day] = reason
        self._years.update(years)

    def is_working_day(self, day: date) -> bool:
        year = self._year(day.year)
        return day in year.makeup if is_weekend(day) else day not in year.off

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def days_off(self, year: int) -> list[CalendarDay]:
        """Monday–Friday dates of the year that are not worked, with the reason."""
        return [CalendarDay(day, reason) for day, reason in sorted(self._year(year).off.items())]

    def makeup_working_days(self, year: int) -> list[CalendarDay]:
        """Saturday/Sunday dates of the year that are worked, with the reason."""
        return [CalendarDay(day, reason) for day, reason in sorted(self._year(year).makeup.items())]

    def _year(self, year: int) -> _Year:
        if year not in self._years:
            self.preload(year, year + self._window - 1)
        return self._years[year]


def _package_part(year: int) -> _Year:
    known = package_year(year)
    off = {day: reason for day, reason in known.days_off.items() if not is_weekend(day)}
    return _Year(off=off, makeup=dict(known.weekend_workdays))
