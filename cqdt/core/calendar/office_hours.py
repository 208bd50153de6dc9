"""Office hours: the sessions of a working day, parsed from ``settings.CQDT_OFFICE_HOURS``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_SESSION = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class Session:
    """One continuous stretch of office time in a day, e.g. 07:00–11:30."""

    start: time
    end: time

    @property
    def duration(self) -> timedelta:
        return _on(date.min, self.end) - _on(date.min, self.start)

    def bounds(self, day: date) -> tuple[datetime, datetime]:
        return _on(day, self.start), _on(day, self.end)


@dataclass(frozen=True)
class OfficeHours:
    """The ordered, non-overlapping sessions of every working day."""

    sessions: tuple[Session, ...]

    def __post_init__(self) -> None:
        if not self.sessions:
            raise ValueError("Office hours need at least one session.")
        for session in self.sessions:
            if session.start >= session.end:
                raise ValueError(f"Session {session.start}-{session.end} ends before it starts.")
        for earlier, later in zip(self.sessions, self.sessions[1:], strict=False):
            if later.start < earlier.end:
                raise ValueError(f"Sessions overlap or are out of order at {later.start}.")

    @property
    def opening(self) -> time:
        return self.sessions[0].start

    @property
    def closing(self) -> time:
        return self.sessions[-1].end

    @property
    def daily_total(self) -> timedelta:
        """The office time of one working day: one "working day" of a time limit."""
        return sum((session.duration for session in self.sessions), timedelta())

    def __str__(self) -> str:
        return ",".join(f"{s.start:%H:%M}-{s.end:%H:%M}" for s in self.sessions)


def parse_office_hours(spec: str) -> OfficeHours:
    """Parse ``"07:00-11:30,13:30-17:00"``; raise ``ValueError`` on anything else."""
    sessions = []
    for part in spec.split(","):
        match = _SESSION.match(part)
        if match is None:
            raise ValueError(f"Bad office-hours session {part!r}: expected HH:MM-HH:MM.")
        start_h, start_m, end_h, end_m = (int(group) for group in match.groups())
        sessions.append(Session(start=time(start_h, start_m), end=time(end_h, end_m)))
    return OfficeHours(sessions=tuple(sessions))


def office_hours_from_settings() -> OfficeHours:
    return _parse_setting(settings.CQDT_OFFICE_HOURS)


@functools.lru_cache(maxsize=8)
def _parse_setting(spec: str) -> OfficeHours:
    try:
        return parse_office_hours(spec)
    except ValueError as error:
        raise ImproperlyConfigured(f"CQDT_OFFICE_HOURS={spec!r}: {error}") from error


def _on(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment)
