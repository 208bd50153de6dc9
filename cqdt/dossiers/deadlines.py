"""Legal deadlines of a dossier: the appointment, step deadlines, pauses and early/on time/late."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property

from django.conf import settings

from cqdt.catalog.models import ProcedureCase, TimeLimitUnit
from cqdt.core.calendar import WorkingCalendar, calendar_from_settings, legal_time_zone
from cqdt.dossiers.models import Timeliness


def local_date(moment: datetime) -> date:
    return moment.astimezone(legal_time_zone()).date()


def warning_horizon(now: datetime) -> datetime:
    """Deadlines before this moment are "near" (the handlers' warning window, in working hours)."""
    return calendar_from_settings().add_working_hours(now, settings.CQDT_DEADLINE_WARNING_HOURS)


class DeadlineClock:
    """`now`, and the warning horizon, computed the first time a deadline needs it: a working-calendar
    computation that most inbox rows never need (closed dossiers, deadlines passed)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    @cached_property
    def horizon(self) -> datetime:
        return warning_horizon(self.now)


def appointment_for(
    case: ProcedureCase, received_at: datetime, calendar: WorkingCalendar | None = None
) -> datetime | None:
    """The appointment (ngày hẹn trả) for a dossier of `case` received at `received_at`, or None."""
    if case.time_limit_amount is None:
        return None
    calendar = calendar or calendar_from_settings()
    amount = case.time_limit_amount
    if case.time_limit_unit == TimeLimitUnit.WORKING_DAYS:
        return calendar.add_working_days(received_at, amount)
    if case.time_limit_unit == TimeLimitUnit.WORKING_HOURS:
        return calendar.add_working_hours(received_at, amount)
    return calendar.add_calendar_days(received_at, amount)


def step_deadline(started_at: datetime, hours: Decimal, calendar: WorkingCalendar | None = None) -> datetime:
    return (calendar or calendar_from_settings()).add_working_hours(started_at, hours)


def timeliness(finished_at: datetime, due_at: datetime | None) -> str:
    """Early / on time / late by comparing dates in Vietnam time; no due date counts as on time."""
    if due_at is None:
        return Timeliness.ON_TIME
    finished, due = local_date(finished_at), local_date(due_at)
    if finished < due:
        return Timeliness.EARLY
    if finished == due:
        return Timeliness.ON_TIME
    return Timeliness.LATE


def remaining_office_time(
    due_at: datetime, paused_at: datetime, calendar: WorkingCalendar | None = None
) -> timedelta:
    """Office time left before the appointment when the clock stops (never negative)."""
    remaining = (calendar or calendar_from_settings()).working_time_between(paused_at, due_at)
    return max(remaining, timedelta(0))


def resumed_appointment(
    *, resumed_at: datetime, remaining: timedelta, calendar: WorkingCalendar | None = None
) -> datetime:
    """The appointment after a pause: the office time that was left, counted from the resumption."""
    return (calendar or calendar_from_settings()).add_working_hours(resumed_at, remaining)
