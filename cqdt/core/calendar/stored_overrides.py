"""Overrides entered by administrators (``CalendarOverride`` rows), kept in the shared cache.

Every deadline, appointment and inbox page asks for them, and they change a few times a year: with a shared
cache (Redis) the whole table is kept as one value, dropped whenever a row is saved or deleted
(``forget_stored_overrides``, connected to the model's signals). The time-to-live bounds what a change made
outside the ORM could leave.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import transaction

from cqdt.core.cache import cache_is_shared
from cqdt.core.calendar.overrides import Override
from cqdt.core.calendar_models import CalendarOverride

_CACHE_KEY = "core:calendar-overrides:v1"
_CACHE_SECONDS = 3600


def _every_override() -> list[Override]:
    rows = CalendarOverride.objects.order_by("date").values_list("date", "kind", "reason")
    return [
        Override(day=day, working=kind == CalendarOverride.Kind.WORKING_DAY, reason=reason)
        for day, kind, reason in rows
    ]


def load_stored_overrides(first_year: int, last_year: int) -> list[Override]:
    """Every override dated in first_year..last_year."""
    if not cache_is_shared():  # another process could not tell this one that an override changed
        every = _every_override()
    elif (every := cache.get(_CACHE_KEY)) is None:
        every = _every_override()
        cache.set(_CACHE_KEY, every, timeout=_CACHE_SECONDS)
    first, last = date(first_year, 1, 1), date(last_year, 12, 31)
    return [override for override in every if first <= override.day <= last]


def forget_stored_overrides(**_signal: Any) -> None:
    """Drop the cached overrides now and again when the change commits (a reader in between could have
    cached the state before it)."""
    cache.delete(_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(_CACHE_KEY))
