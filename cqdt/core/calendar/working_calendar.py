"""Time arithmetic over office hours and working days, in the legal time zone.

Every function takes aware datetimes in any zone, computes in the calendar's zone (Asia/Ho_Chi_Minh) and
returns aware datetimes in that zone. The conventions, shared by every function:

* **Normalised start.** A start outside office time moves forward to the next office moment: before the
  opening → the opening of the same working day; in a break (lunch) → the start of the next session; at
  or after the closing, or on a day off → the opening of the next working day. A start exactly at the end
  of a session (11:30, 17:00) is outside office time.
* **Due at the end, not at the next opening.** When a duration ends exactly on a session boundary, the due
  is the end of the session it used up: 17:00 of that day rather than 07:00 of the next working day, 11:30
  rather than 13:30. Both are the same office time; officials read "17:00 ngày 10/02" as the deadline.
* **One working day = the total office time of a day** (8 h by default), so
  ``add_working_days(s, n) == add_working_hours(s, n * 8 h)``. From a normalised start strictly inside a
  session, that is the same time of day n working days later (received Monday 09:00, 1 working day →
  Tuesday 09:00). From an opening it is the closing of the (n-1)-th working day after (received Monday
  07:00, 1 working day → Monday 17:00); from the start of the afternoon session it is the end of the
  morning session n working days later (Monday 13:30, 1 working day → Tuesday 11:30).
* **A zero duration** returns the normalised start.
* **Calendar days** keep the normalised start's time of day; a due on a day off moves to the next working day.
* **working_time_between** is negative when the end is before the start.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal

from cqdt.core.calendar.office_hours import OfficeHours
from cqdt.core.calendar.working_days import CalendarDay, WorkingDays

Hours = int | float | Decimal | timedelta

_MICROSECONDS_PER_HOUR = 3_600_000_000


class WorkingCalendar:
    """Office hours + working days + the legal time zone. Build one per computation (see WorkingDays)."""

    def __init__(self, *, office_hours: OfficeHours, working_days: WorkingDays, time_zone: tzinfo) -> None:
        self.office_hours = office_hours
        self.working_days = working_days
        self.time_zone = time_zone

    # Days

    def is_working_day(self, day: date) -> bool:
        """Whether the date is worked; a datetime is first converted to the legal time zone."""
        if isinstance(day, datetime):
            day = self._local(day).date()
        return self.working_days.is_working_day(day)

    def days_off(self, year: int) -> list[CalendarDay]:
        return self.working_days.days_off(year)

    def makeup_working_days(self, year: int) -> list[CalendarDay]:
        return self.working_days.makeup_working_days(year)

    # Moments

    def normalise(self, moment: datetime) -> datetime:
        """The first office moment at or after ``moment`` (see the module docstring)."""
        return self._aware(self._normalise(self._local(moment)))

    def add_working_hours(self, start: datetime, hours: Hours) -> datetime:
        """``hours`` of office time after the normalised start, skipping breaks, nights and days off."""
        return self._aware(self._add(self._normalise(self._local(start)), _duration(hours)))

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """``days`` working days after the normalised start, i.e. ``days`` times a day's office time."""
        _check_count(days, "days")
        return self.add_working_hours(start, self.office_hours.daily_total * days)

    def add_calendar_days(self, start: datetime, days: int) -> datetime:
        """``days`` calendar days after the normalised start, at the same time of day.

        If that date is not a working day, the due moves to the next working day, still at the same time
        of day (which is office time, since the start was normalised).
        """
        _check_count(days, "days")
        begin = self._normalise(self._local(start))
        due = begin.date() + timedelta(days=days)
        if not self.working_days.is_working_day(due):
            due = self.working_days.next_working_day(due)
        return self._aware(datetime.combine(due, begin.time()))

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Office time from ``start`` to ``end``; negative (minus the office time from end to start) if
        ``end`` is earlier, so ``working_time_between(due, finished)`` is how late a dossier is."""
        begin, finish = self._local(start), self._local(end)
        if finish < begin:
            return -self._between(finish, begin)
        return self._between(begin, finish)

    # Local, naive arithmetic (the legal zone has no DST; office hours are wall-clock times)

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("The working calendar needs aware datetimes.")
        return moment.astimezone(self.time_zone).replace(tzinfo=None)

    def _aware(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.time_zone)

    def _normalise(self, moment: datetime) -> datetime:
        day = moment.date()
        if self.working_days.is_working_day(day):
            for session in self.office_hours.sessions:
                opens, closes = session.bounds(day)
                if moment < closes:
                    return max(moment, opens)
        return datetime.combine(self.working_days.next_working_day(day), self.office_hours.opening)

    def _add(self, begin: datetime, remaining: timedelta) -> datetime:
        if not remaining:
            return begin
        due, remaining = self._consume(begin.date(), begin, remaining)
        if due is not None:
            return due
        day = self.working_days.next_working_day(begin.date())
        daily_total = self.office_hours.daily_total
        while remaining > daily_total:
            remaining -= daily_total
            day = self.working_days.next_working_day(day)
        due, _ = self._consume(day, datetime.combine(day, self.office_hours.opening), remaining)
        assert due is not None  # remaining <= daily_total always fits in one day
        return due

    def _consume(self, day: date, begin: datetime, remaining: timedelta) -> tuple[datetime | None, timedelta]:
        """Spend office time of ``day`` from ``begin``: the due if ``remaining`` ran out, or what is left."""
        for session in self.office_hours.sessions:
            opens, closes = session.bounds(day)
            if closes <= begin:
                continue
            start = max(begin, opens)
            if remaining <= closes - start:
                return start + remaining, timedelta()
            remaining -= closes - start
        return None, remaining

    def _between(self, begin: datetime, finish: datetime) -> timedelta:
        total = timedelta()
        day = begin.date()
        while day <= finish.date():
            if self.working_days.is_working_day(day):
                for session in self.office_hours.sessions:
                    opens, closes = session.bounds(day)
                    overlap = min(closes, finish) - max(opens, begin)
                    if overlap > timedelta():
                        total += overlap
            day += timedelta(days=1)
        return total


def _duration(hours: Hours) -> timedelta:
    if isinstance(hours, timedelta):
        duration = hours
    elif isinstance(hours, Decimal):
        if not hours.is_finite():
            raise ValueError("hours must be a finite number.")
        duration = timedelta(microseconds=int((hours * _MICROSECONDS_PER_HOUR).to_integral_value()))
    elif isinstance(hours, float) and not math.isfinite(hours):
        raise ValueError("hours must be a finite number.")
    else:
        duration = timedelta(hours=hours)
    if duration < timedelta():
        raise ValueError("hours must not be negative.")
    return duration


def _check_count(value: int, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int.")
    if value < 0:
        raise ValueError(f"{name} must not be negative.")
