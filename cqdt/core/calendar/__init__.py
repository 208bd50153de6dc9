"""The working calendar: office hours, working days, holidays and overrides, deadlines.

Conventions (normalised start, due at the end of a session, one working day = a day's office time) are
documented in ``cqdt.core.calendar.working_calendar``.
"""

from cqdt.core.calendar.default_calendar import (
    add_calendar_days,
    add_working_days,
    add_working_hours,
    calendar_from_settings,
    days_off,
    is_working_day,
    legal_time_zone,
    makeup_working_days,
    working_time_between,
)
from cqdt.core.calendar.office_hours import (
    OfficeHours,
    Session,
    office_hours_from_settings,
    parse_office_hours,
)
from cqdt.core.calendar.overrides import Override, OverrideLoader, fixed_overrides, no_overrides
from cqdt.core.calendar.public_holidays import UnsupportedYearError
from cqdt.core.calendar.working_calendar import Hours, WorkingCalendar
from cqdt.core.calendar.working_days import CalendarDay, WorkingDays

__all__ = [
    "CalendarDay",
    "Hours",
    "OfficeHours",
    "Override",
    "OverrideLoader",
    "Session",
    "UnsupportedYearError",
    "WorkingCalendar",
    "WorkingDays",
    "add_calendar_days",
    "add_working_days",
    "add_working_hours",
    "calendar_from_settings",
    "days_off",
    "fixed_overrides",
    "is_working_day",
    "legal_time_zone",
    "makeup_working_days",
    "no_overrides",
    "office_hours_from_settings",
    "parse_office_hours",
    "working_time_between",
]
