"""Vietnam's public holidays and make-up working days, as the ``holidays`` package knows them.

The package covers the Labour Code holidays (Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương, 30/4, 1/5,
Quốc khánh), the days off in lieu when one falls on a weekend (``(nghỉ bù)``), and the swaps the government
announced (a weekday off in exchange for a Saturday worked, ``weekend_workdays``). What it lacks, or what a
province decides on its own, is entered as ``CalendarOverride`` rows.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

import holidays

# Days off in lieu start in 1995 (Labour Code 1994); the package's lunar calendar ends in 2100.
FIRST_SUPPORTED_YEAR = 1995
LAST_SUPPORTED_YEAR = 2100

_MAKEUP_DAY_REASON = "Ngày làm việc bù"


class UnsupportedYearError(ValueError):
    """The calendar only knows the holidays of FIRST_SUPPORTED_YEAR..LAST_SUPPORTED_YEAR."""


@dataclass(frozen=True)
class PackageYear:
    """One year of the package: every day off (any weekday) and every weekend day worked, with reasons."""

    days_off: Mapping[date, str]
    weekend_workdays: Mapping[date, str]


def check_year(year: int) -> None:
    if not FIRST_SUPPORTED_YEAR <= year <= LAST_SUPPORTED_YEAR:
        supported = f"{FIRST_SUPPORTED_YEAR}–{LAST_SUPPORTED_YEAR}"
        raise UnsupportedYearError(f"Lịch làm việc chỉ hỗ trợ các năm {supported} (yêu cầu năm {year}).")


@functools.lru_cache(maxsize=256)
def package_year(year: int) -> PackageYear:
    check_year(year)
    # Neighbouring years too: a swap may pair a day in December with one in January.
    neighbours = range(max(year - 1, FIRST_SUPPORTED_YEAR), min(year + 1, LAST_SUPPORTED_YEAR) + 1)
    vietnam = holidays.country_holidays("VN", years=neighbours, language="vi")
    names = dict(vietnam.items())
    days_off = {day: name for day, name in names.items() if day.year == year}
    workdays = {day: _makeup_reason(day, names) for day in vietnam.weekend_workdays if day.year == year}
    return PackageYear(
        days_off=MappingProxyType(dict(sorted(days_off.items()))),
        weekend_workdays=MappingProxyType(dict(sorted(workdays.items()))),
    )


def _makeup_reason(workday: date, names: Mapping[date, str]) -> str:
    # The package names the swapped day off "Ngày nghỉ (thay cho ngày dd/mm/yyyy)", pointing at the Saturday.
    label = workday.strftime("%d/%m/%Y")
    for day, name in sorted(names.items()):
        if label in name:
            return f"Làm bù cho ngày nghỉ {day:%d/%m/%Y}"
    return _MAKEUP_DAY_REASON
