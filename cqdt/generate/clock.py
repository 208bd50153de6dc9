"""Office time as whole seconds counted from the first working day of the generated span.

The generator moves a million dossiers through their steps; calling the working calendar for every
deadline would take hours. Office time is linear over working days (every working day has the same
sessions), so an "office offset" — seconds of office time since the opening of the first working day —
turns "add N working hours" into an addition. The working days themselves come from the real calendar
(`calendar_from_settings()`: holidays, make-up Saturdays and stored overrides), and the conversions
follow its conventions (see `cqdt.core.calendar.working_calendar`): an event at a session boundary is
at the start of the next session, a due date at a boundary is at the end of the session it used up. The
tests check `due_at` of generated dossiers against `appointment_for` itself.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, datetime, time, timedelta, tzinfo

from cqdt.core.calendar import WorkingCalendar

_DAY = timedelta(days=1)


class OfficeClock:
    def __init__(self, calendar: WorkingCalendar, first_day: date, last_day: date) -> None:
        self.zone: tzinfo = calendar.time_zone
        calendar.working_days.preload(first_day.year, last_day.year)
        days: list[date] = []
        day = first_day
        while day <= last_day:
            if calendar.working_days.is_working_day(day):
                days.append(day)
            day += _DAY
        if not days:
            raise ValueError("Khoảng thời gian không có ngày làm việc nào.")
        self.days = days
        self.index = {d: i for i, d in enumerate(days)}
        self._ordinals = [d.toordinal() for d in days]
        # (session start in seconds after midnight, office seconds before this session, session length)
        self.sessions: list[tuple[int, int, int]] = []
        before = 0
        for session in calendar.office_hours.sessions:
            start = _seconds(session.start)
            length = _seconds(session.end) - start
            self.sessions.append((start, before, length))
            before += length
        self.daily = before
        self._midnights = [datetime.combine(d, time.min, self.zone) for d in days]

    @property
    def span(self) -> int:
        return len(self.days) * self.daily

    def at(self, offset: int) -> datetime:
        """The moment of an event at `offset` (a boundary is the start of the next session)."""
        day, rest = divmod(offset, self.daily)
        for start, before, _length in reversed(self.sessions):
            if rest >= before:
                return self._midnights[day] + timedelta(seconds=start + rest - before)
        raise AssertionError(offset)

    def due(self, offset: int) -> datetime:
        """The moment of a deadline at `offset` (a boundary is the end of the session it used up)."""
        day, rest = divmod(offset, self.daily)
        if rest == 0 and day > 0:
            day, rest = day - 1, self.daily
        for start, before, length in self.sessions:
            if rest <= before + length:
                return self._midnights[day] + timedelta(seconds=start + rest - before)
        raise AssertionError(offset)

    def offset_of(self, moment: datetime) -> int:
        """The office offset of `moment`, normalised forward to office time (like the calendar's starts)."""
        local = moment.astimezone(self.zone)
        ordinal = local.date().toordinal()
        position = bisect_left(self._ordinals, ordinal)
        if position == len(self.days):
            raise ValueError(f"{moment} nằm ngoài khoảng thời gian của lịch sinh dữ liệu.")
        if self._ordinals[position] != ordinal:
            return position * self.daily
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        for start, before, length in self.sessions:
            if seconds < start + length:
                return position * self.daily + before + max(seconds - start, 0)
        return (position + 1) * self.daily

    def calendar_days_due(self, offset: int, days: int) -> tuple[int, datetime]:
        """`days` calendar days after the event at `offset`, same time of day, moved off days off."""
        start = self.at(offset)
        due_date = start.date() + timedelta(days=days)
        position = bisect_left(self._ordinals, due_date.toordinal())
        if position == len(self.days):
            raise ValueError("Hạn giải quyết nằm ngoài khoảng thời gian của lịch sinh dữ liệu.")
        rest = offset % self.daily
        return position * self.daily + rest, datetime.combine(self.days[position], start.time(), self.zone)

    def local_date(self, offset: int) -> date:
        return self.days[offset // self.daily]


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second
