"""Overrides of single dates (an extra day off, an extra working day) and where they come from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Override:
    """An administrator's decision about one date; it wins over the ``holidays`` package."""

    day: date
    working: bool
    reason: str


# Returns the overrides dated in first_year..last_year (both included).
OverrideLoader = Callable[[int, int], Iterable[Override]]


def fixed_overrides(*overrides: Override) -> OverrideLoader:
    """A loader over a fixed set of overrides: for tests and for callers that already hold them."""
    frozen = tuple(overrides)

    def load(first_year: int, last_year: int) -> list[Override]:
        return [item for item in frozen if first_year <= item.day.year <= last_year]

    return load


def no_overrides(first_year: int, last_year: int) -> list[Override]:
    return []
