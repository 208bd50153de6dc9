"""Calendar months as the monthly summary stores them: the date of their first day (Vietnam time)."""

from datetime import date, timedelta


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_end(month: date) -> date:
    """The last day of `month`'s month."""
    return next_month(month_start(month)) - timedelta(days=1)


def months_between(first: date, last: date) -> list[date]:
    """The first days of every month from `first`'s month to `last`'s month, both included."""
    months: list[date] = []
    month = month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def aligned_months(period_start: date, period_end: date) -> list[date] | None:
    """The months a period covers exactly (from a first day of a month to a last day); None otherwise."""
    if period_start.day != 1 or (period_end + timedelta(days=1)).day != 1 or period_end < period_start:
        return None
    return months_between(period_start, period_end)
