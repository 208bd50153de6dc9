"""Overrides entered by administrators (``CalendarOverride`` rows)."""

from __future__ import annotations

from datetime import date

from cqdt.core.calendar.overrides import Override
from cqdt.core.calendar_models import CalendarOverride


def load_stored_overrides(first_year: int, last_year: int) -> list[Override]:
    """One query for every override dated in first_year..last_year."""
    rows = CalendarOverride.objects.filter(
        date__gte=date(first_year, 1, 1), date__lte=date(last_year, 12, 31)
    ).values_list("date", "kind", "reason")
    return [
        Override(day=day, working=kind == CalendarOverride.Kind.WORKING_DAY, reason=reason)
        for day, kind, reason in rows
    ]
