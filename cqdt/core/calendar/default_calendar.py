"""The calendar configured by settings and the database, and one-call shortcuts over it.

Each shortcut builds a fresh calendar, so it sees overrides saved a moment ago and costs one query of
overrides (for the two years from the first date it needs). For many computations in a row, build one
calendar with ``calendar_from_settings()`` and reuse it.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from cqdt.core.calendar.office_hours import office_hours_from_settings
from cqdt.core.calendar.overrides import OverrideLoader
from cqdt.core.calendar.stored_overrides import load_stored_overrides
from cqdt.core.calendar.working_calendar import Hours, WorkingCalendar
from cqdt.core.calendar.working_days import CalendarDay, WorkingDays


@functools.lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def legal_time_zone() -> ZoneInfo:
    return _zone(settings.CQDT_LEGAL_TIME_ZONE)


def calendar_from_settings(*, overrides: OverrideLoader = load_stored_overrides) -> WorkingCalendar:
    return WorkingCalendar(
        office_hours=office_hours_from_settings(),
        working_days=WorkingDays(overrides=overrides),
        time_zone=legal_time_zone(),
    )


def add_working_days(start: datetime, days: int) -> datetime:
    return calendar_from_settings().add_working_days(start, days)


def add_working_hours(start: datetime, hours: Hours) -> datetime:
    return calendar_from_settings().add_working_hours(start, hours)


def add_calendar_days(start: datetime, days: int) -> datetime:
    return calendar_from_settings().add_calendar_days(start, days)


def working_time_between(start: datetime, end: datetime) -> timedelta:
    return calendar_from_settings().working_time_between(start, end)


def is_working_day(day: date) -> bool:
    return calendar_from_settings().is_working_day(day)


def days_off(year: int) -> list[CalendarDay]:
    return calendar_from_settings().days_off(year)


def makeup_working_days(year: int) -> list[CalendarDay]:
    return calendar_from_settings().makeup_working_days(year)
