"""Exact cases for the working calendar: office hours, Tết, swaps, Giỗ Tổ, overrides, the database."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError

from cqdt.core import calendar
from cqdt.core.calendar import (
    CalendarDay,
    OfficeHours,
    Override,
    Session,
    UnsupportedYearError,
    WorkingCalendar,
    WorkingDays,
    fixed_overrides,
    parse_office_hours,
)
from cqdt.core.calendar_models import CalendarOverride
from cqdt.core.models import AuditRecord

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_HOURS = "07:00-11:30,13:30-17:00"

# Tết Dương lịch 2026 (Công văn 12729/VPCP-KGVX): Friday 02/01 off, worked on Saturday 10/01.
# The installed holidays package does not have this swap.
NEW_YEAR_2026_SWAP = (
    Override(day=date(2026, 1, 2), working=False, reason="Nghỉ Tết Dương lịch (hoán đổi)"),
    Override(day=date(2026, 1, 10), working=True, reason="Làm bù cho ngày 02/01/2026"),
)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def make_calendar(*overrides: Override, hours: str = DEFAULT_HOURS) -> WorkingCalendar:
    return WorkingCalendar(
        office_hours=parse_office_hours(hours),
        working_days=WorkingDays(overrides=fixed_overrides(*overrides)),
        time_zone=VN,
    )


# Office hours


def test_default_office_hours_parse_into_two_sessions_of_eight_hours():
    hours = parse_office_hours(" 07:00-11:30 , 13:30-17:00 ")
    assert hours == OfficeHours(
        sessions=(Session(start=time(7), end=time(11, 30)), Session(start=time(13, 30), end=time(17)))
    )
    assert hours.daily_total == timedelta(hours=8)
    assert (hours.opening, hours.closing) == (time(7), time(17))
    assert str(hours) == DEFAULT_HOURS


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "07:00",
        "7h-11h",
        "11:30-07:00",
        "07:00-07:00",
        "07:00-12:00,11:00-17:00",
        "13:30-17:00,07:00-11:30",
        "25:00-26:00",
    ],
)
def test_bad_office_hours_are_rejected(spec):
    with pytest.raises(ValueError):  # noqa: PT011 (the message names the bad part; any ValueError is right)
        parse_office_hours(spec)


def test_bad_office_hours_setting_is_a_configuration_error(settings):
    settings.CQDT_OFFICE_HOURS = "08:00-07:00"
    with pytest.raises(ImproperlyConfigured, match="CQDT_OFFICE_HOURS"):
        calendar.office_hours_from_settings()


# Normalising the start


@pytest.mark.parametrize(
    ("received", "normalised"),
    [
        (vn(2026, 3, 9, 6, 0), vn(2026, 3, 9, 7, 0)),  # Monday before opening
        (vn(2026, 3, 9, 7, 0), vn(2026, 3, 9, 7, 0)),
        (vn(2026, 3, 9, 11, 29), vn(2026, 3, 9, 11, 29)),
        (vn(2026, 3, 9, 11, 30), vn(2026, 3, 9, 13, 30)),  # end of the morning is the lunch break
        (vn(2026, 3, 9, 12, 15), vn(2026, 3, 9, 13, 30)),
        (vn(2026, 3, 9, 17, 0), vn(2026, 3, 10, 7, 0)),  # closing → next working morning
        (vn(2026, 3, 9, 21, 0), vn(2026, 3, 10, 7, 0)),
        (vn(2026, 3, 13, 17, 30), vn(2026, 3, 16, 7, 0)),  # Friday evening → Monday
        (vn(2026, 3, 14, 10, 0), vn(2026, 3, 16, 7, 0)),  # Saturday
        (vn(2026, 2, 13, 18, 0), vn(2026, 2, 23, 7, 0)),  # Friday before Tết 2026 → after Tết
    ],
)
def test_normalise(received, normalised):
    assert make_calendar().normalise(received) == normalised


# add_working_days


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (vn(2026, 3, 9, 9, 0), 1, vn(2026, 3, 10, 9, 0)),  # same time of day, next working day
        (vn(2026, 3, 9, 9, 0), 5, vn(2026, 3, 16, 9, 0)),
        (vn(2026, 3, 13, 9, 0), 1, vn(2026, 3, 16, 9, 0)),  # Friday → Monday
        (vn(2026, 3, 9, 7, 0), 1, vn(2026, 3, 9, 17, 0)),  # from an opening: the closing, not Tue 07:00
        (vn(2026, 3, 9, 7, 0), 2, vn(2026, 3, 10, 17, 0)),
        (vn(2026, 3, 9, 6, 0), 1, vn(2026, 3, 9, 17, 0)),
        (vn(2026, 3, 9, 13, 30), 1, vn(2026, 3, 10, 11, 30)),  # from 13:30: end of the morning, not 13:30
        (vn(2026, 3, 9, 12, 0), 1, vn(2026, 3, 10, 11, 30)),  # received at lunch
        (vn(2026, 3, 9, 18, 0), 1, vn(2026, 3, 10, 17, 0)),  # received after closing
        (vn(2026, 3, 14, 10, 0), 1, vn(2026, 3, 16, 17, 0)),  # received on Saturday
        (vn(2026, 3, 14, 10, 0), 0, vn(2026, 3, 16, 7, 0)),  # zero: the normalised start
    ],
)
def test_add_working_days(received, days, due):
    assert make_calendar().add_working_days(received, days) == due


def test_any_time_zone_in_vietnam_time_out():
    due = make_calendar().add_working_days(datetime(2026, 3, 9, 2, 0, tzinfo=UTC), 1)
    assert due == vn(2026, 3, 10, 9, 0)
    assert due.tzinfo is VN
    assert due.isoformat() == "2026-03-10T09:00:00+07:00"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        make_calendar().add_working_days(datetime(2026, 3, 9, 9, 0), 1)


def test_days_must_be_a_non_negative_int():
    with pytest.raises(ValueError, match="negative"):
        make_calendar().add_working_days(vn(2026, 3, 9, 9), -1)
    with pytest.raises(TypeError):
        make_calendar().add_working_days(vn(2026, 3, 9, 9), 1.5)  # type: ignore[arg-type]


# Tết 2025: the package has Mon 27/01 (29 Tết) to Fri 31/01 (mùng 3) off, so with the weekends the break
# is Saturday 25/01 to Sunday 02/02/2025 (9 days); mùng 4 (Sat 01/02) falls on the weekend.


def test_tet_2025_break_is_25_january_to_2_february():
    cal = make_calendar()
    closed = [date(2025, 1, 25) + timedelta(days=n) for n in range(9)]
    assert [cal.is_working_day(day) for day in closed] == [False] * 9
    assert cal.is_working_day(date(2025, 1, 24))
    assert cal.is_working_day(date(2025, 2, 3))


def test_tet_2025_deadlines():
    cal = make_calendar()
    assert cal.add_working_days(vn(2025, 1, 24, 9, 0), 1) == vn(2025, 2, 3, 9, 0)
    assert cal.add_working_days(vn(2025, 1, 23, 14, 0), 3) == vn(2025, 2, 4, 14, 0)
    assert cal.add_working_hours(vn(2025, 1, 24, 16, 0), 2) == vn(2025, 2, 3, 8, 0)
    assert cal.working_time_between(vn(2025, 1, 24, 9, 0), vn(2025, 2, 3, 9, 0)) == timedelta(hours=8)


def test_days_off_2025_from_the_package():
    assert make_calendar().days_off(2025) == [
        CalendarDay(date(2025, 1, 1), "Tết Dương lịch"),
        CalendarDay(date(2025, 1, 27), "29 Tết"),
        CalendarDay(date(2025, 1, 28), "Giao thừa Tết Nguyên Đán"),
        CalendarDay(date(2025, 1, 29), "Tết Nguyên Đán"),
        CalendarDay(date(2025, 1, 30), "Mùng hai Tết Nguyên Đán"),
        CalendarDay(date(2025, 1, 31), "Mùng ba Tết Nguyên Đán"),
        CalendarDay(date(2025, 4, 7), "Ngày Giỗ Tổ Hùng Vương"),
        CalendarDay(date(2025, 4, 30), "Ngày Chiến thắng"),
        CalendarDay(date(2025, 5, 1), "Ngày Quốc tế Lao động"),
        CalendarDay(date(2025, 5, 2), "Ngày nghỉ (thay cho ngày 26/04/2025)"),
        CalendarDay(date(2025, 9, 1), "Quốc khánh"),
        CalendarDay(date(2025, 9, 2), "Quốc khánh"),
    ]


# Tết 2026: officially Saturday 14/02 to Sunday 22/02/2026; the package has Mon 16/02 to Fri 20/02 off.


def test_tet_2026_break_is_14_to_22_february():
    cal = make_calendar()
    closed = [date(2026, 2, 14) + timedelta(days=n) for n in range(9)]
    assert [cal.is_working_day(day) for day in closed] == [False] * 9
    assert cal.is_working_day(date(2026, 2, 13))
    assert cal.is_working_day(date(2026, 2, 23))


def test_tet_2026_deadlines():
    cal = make_calendar()
    assert cal.add_working_days(vn(2026, 2, 13, 10, 0), 1) == vn(2026, 2, 23, 10, 0)
    assert cal.add_working_days(vn(2026, 2, 12, 15, 0), 2) == vn(2026, 2, 23, 15, 0)
    assert cal.add_calendar_days(vn(2026, 2, 9, 10, 0), 7) == vn(2026, 2, 23, 10, 0)
    assert cal.working_time_between(vn(2026, 2, 13, 9, 0), vn(2026, 2, 23, 9, 0)) == timedelta(hours=8)


def test_days_off_2026_from_the_package():
    assert make_calendar().days_off(2026) == [
        CalendarDay(date(2026, 1, 1), "Tết Dương lịch"),
        CalendarDay(date(2026, 2, 16), "Giao thừa Tết Nguyên Đán"),
        CalendarDay(date(2026, 2, 17), "Tết Nguyên Đán"),
        CalendarDay(date(2026, 2, 18), "Mùng hai Tết Nguyên Đán"),
        CalendarDay(date(2026, 2, 19), "Mùng ba Tết Nguyên Đán"),
        CalendarDay(date(2026, 2, 20), "Mùng bốn Tết Nguyên Đán"),
        CalendarDay(date(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
        CalendarDay(date(2026, 4, 30), "Ngày Chiến thắng"),
        CalendarDay(date(2026, 5, 1), "Ngày Quốc tế Lao động"),
        CalendarDay(date(2026, 8, 31), "Ngày nghỉ (thay cho ngày 22/08/2026)"),
        CalendarDay(date(2026, 9, 1), "Quốc khánh"),
        CalendarDay(date(2026, 9, 2), "Quốc khánh"),
        CalendarDay(date(2026, 11, 24), "Ngày Văn hóa Việt Nam"),
    ]


# Make-up Saturdays known to the package


def test_makeup_saturday_2025_for_the_30_april_bridge():
    cal = make_calendar()
    assert cal.makeup_working_days(2025) == [
        CalendarDay(date(2025, 4, 26), "Làm bù cho ngày nghỉ 02/05/2025")
    ]
    assert cal.add_working_days(vn(2025, 4, 25, 9, 0), 1) == vn(2025, 4, 26, 9, 0)
    # Wed 30/04, Thu 01/05 and Fri 02/05 off, then the weekend.
    assert cal.add_working_days(vn(2025, 4, 29, 9, 0), 1) == vn(2025, 5, 5, 9, 0)


def test_makeup_saturday_2026_for_the_national_day_bridge():
    cal = make_calendar()
    assert cal.makeup_working_days(2026) == [
        CalendarDay(date(2026, 8, 22), "Làm bù cho ngày nghỉ 31/08/2026")
    ]
    assert cal.add_working_days(vn(2026, 8, 21, 9, 0), 1) == vn(2026, 8, 22, 9, 0)
    # Mon 31/08, Tue 01/09 and Wed 02/09 off.
    assert cal.add_working_days(vn(2026, 8, 28, 9, 0), 1) == vn(2026, 9, 3, 9, 0)


# Giỗ Tổ Hùng Vương (10/3 lunar) on a Sunday: the day off moves to Monday.


def test_gio_to_2026_on_sunday_is_observed_on_monday():
    cal = make_calendar()
    assert date(2026, 4, 26).weekday() == 6
    assert not cal.is_working_day(date(2026, 4, 27))
    assert cal.add_working_days(vn(2026, 4, 24, 9, 0), 1) == vn(2026, 4, 28, 9, 0)


def test_gio_to_2022_on_sunday_is_observed_on_monday():
    cal = make_calendar()
    assert [day for day in cal.days_off(2022) if day.day.month == 4] == [
        CalendarDay(date(2022, 4, 11), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)")
    ]


def test_gio_to_2025_falls_on_monday():
    assert not make_calendar().is_working_day(date(2025, 4, 7))


# Overrides win over the package


def test_override_adds_the_new_year_2026_swap_the_package_lacks():
    package_only, with_swap = make_calendar(), make_calendar(*NEW_YEAR_2026_SWAP)
    assert package_only.add_working_days(vn(2025, 12, 31, 9, 0), 1) == vn(2026, 1, 2, 9, 0)
    assert with_swap.add_working_days(vn(2025, 12, 31, 9, 0), 1) == vn(2026, 1, 5, 9, 0)
    assert package_only.add_working_days(vn(2026, 1, 9, 9, 0), 1) == vn(2026, 1, 12, 9, 0)
    assert with_swap.add_working_days(vn(2026, 1, 9, 9, 0), 1) == vn(2026, 1, 10, 9, 0)
    assert with_swap.days_off(2026)[:2] == [
        CalendarDay(date(2026, 1, 1), "Tết Dương lịch"),
        CalendarDay(date(2026, 1, 2), "Nghỉ Tết Dương lịch (hoán đổi)"),
    ]
    assert with_swap.makeup_working_days(2026) == [
        CalendarDay(date(2026, 1, 10), "Làm bù cho ngày 02/01/2026"),
        CalendarDay(date(2026, 8, 22), "Làm bù cho ngày nghỉ 31/08/2026"),
    ]


def test_override_cancels_a_package_holiday_and_a_package_makeup_day():
    cal = make_calendar(
        Override(day=date(2026, 11, 24), working=True, reason="Tỉnh làm việc bình thường"),
        Override(day=date(2025, 4, 26), working=False, reason="Không làm bù"),
    )
    assert cal.is_working_day(date(2026, 11, 24))
    assert date(2026, 11, 24) not in [day.day for day in cal.days_off(2026)]
    assert not cal.is_working_day(date(2025, 4, 26))
    assert cal.makeup_working_days(2025) == []


def test_override_on_an_ordinary_weekday_and_a_weekend_day_off():
    cal = make_calendar(
        Override(day=date(2026, 3, 10), working=False, reason="Nghỉ do bão"),
        Override(day=date(2026, 3, 14), working=False, reason="Thừa: thứ Bảy vốn là ngày nghỉ"),
    )
    assert cal.add_working_days(vn(2026, 3, 9, 9, 0), 1) == vn(2026, 3, 11, 9, 0)
    assert [day for day in cal.days_off(2026) if day.day.month == 3] == [
        CalendarDay(date(2026, 3, 10), "Nghỉ do bão")
    ]


# add_working_hours


@pytest.mark.parametrize(
    ("received", "hours", "due"),
    [
        (vn(2026, 3, 9, 10, 0), 4, vn(2026, 3, 9, 16, 0)),  # skips lunch
        (vn(2026, 3, 9, 16, 0), 2, vn(2026, 3, 10, 8, 0)),  # overflows to the next morning
        (vn(2026, 3, 13, 16, 0), 2, vn(2026, 3, 16, 8, 0)),  # over the weekend
        (vn(2026, 3, 9, 7, 0), 4.5, vn(2026, 3, 9, 11, 30)),  # ends at a session end: 11:30, not 13:30
        (vn(2026, 3, 9, 10, 0), 1.5, vn(2026, 3, 9, 11, 30)),
        (vn(2026, 3, 9, 11, 20), Decimal("0.25"), vn(2026, 3, 9, 13, 35)),
        (vn(2026, 3, 9, 9, 0), timedelta(minutes=90), vn(2026, 3, 9, 10, 30)),
        (vn(2026, 3, 9, 9, 0), 40, vn(2026, 3, 16, 9, 0)),
        (vn(2026, 3, 9, 9, 0), 0, vn(2026, 3, 9, 9, 0)),
    ],
)
def test_add_working_hours(received, hours, due):
    assert make_calendar().add_working_hours(received, hours) == due


@pytest.mark.parametrize("hours", [-1, Decimal("-0.5"), timedelta(minutes=-1), float("nan"), Decimal("NaN")])
def test_bad_hours_are_refused(hours):
    with pytest.raises(ValueError, match="hours"):
        make_calendar().add_working_hours(vn(2026, 3, 9, 9), hours)


# add_calendar_days


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (vn(2026, 3, 9, 9, 0), 4, vn(2026, 3, 13, 9, 0)),
        (vn(2026, 3, 9, 9, 0), 5, vn(2026, 3, 16, 9, 0)),  # lands on Saturday → Monday, same time
        (vn(2026, 3, 14, 10, 0), 3, vn(2026, 3, 19, 7, 0)),  # counted from the normalised Monday 07:00
        (vn(2026, 3, 9, 18, 0), 0, vn(2026, 3, 10, 7, 0)),
        (vn(2026, 4, 20, 9, 0), 7, vn(2026, 4, 28, 9, 0)),  # Mon 27/04 is Giỗ Tổ observed
    ],
)
def test_add_calendar_days(received, days, due):
    assert make_calendar().add_calendar_days(received, days) == due


# working_time_between


@pytest.mark.parametrize(
    ("start", "end", "office_time"),
    [
        (vn(2026, 3, 9, 9, 0), vn(2026, 3, 9, 9, 0), timedelta()),
        (vn(2026, 3, 9, 10, 0), vn(2026, 3, 9, 14, 0), timedelta(hours=2)),
        (vn(2026, 3, 13, 16, 0), vn(2026, 3, 16, 8, 0), timedelta(hours=2)),
        (vn(2026, 3, 14, 8, 0), vn(2026, 3, 15, 20, 0), timedelta()),
        (vn(2026, 3, 9, 0, 0), vn(2026, 3, 21, 0, 0), timedelta(hours=80)),
        (vn(2026, 3, 9, 14, 0), vn(2026, 3, 9, 10, 0), -timedelta(hours=2)),  # end first: negative
    ],
)
def test_working_time_between(start, end, office_time):
    assert make_calendar().working_time_between(start, end) == office_time


# Other office hours


def test_other_office_hours():
    two_sessions = make_calendar(hours="08:00-12:00,13:00-17:00")
    assert two_sessions.add_working_days(vn(2026, 3, 9, 12, 30), 1) == vn(2026, 3, 10, 12, 0)
    one_session = make_calendar(hours="07:30-16:30")
    assert one_session.add_working_days(vn(2026, 3, 9, 8, 0), 1) == vn(2026, 3, 10, 8, 0)
    assert one_session.add_working_hours(vn(2026, 3, 9, 12, 0), 5) == vn(2026, 3, 10, 8, 0)


# Days and years


def test_is_working_day_of_a_datetime_uses_the_vietnam_date():
    cal = make_calendar()
    assert cal.is_working_day(date(2026, 3, 13))
    # 20:00 UTC on Friday 13/03 is Saturday 03:00 in Vietnam.
    assert not cal.is_working_day(datetime(2026, 3, 13, 20, 0, tzinfo=UTC))


def test_years_outside_the_package_range_are_refused():
    with pytest.raises(UnsupportedYearError):
        make_calendar().is_working_day(date(2101, 1, 3))
    with pytest.raises(UnsupportedYearError):
        make_calendar().add_working_days(vn(2100, 12, 1, 9), 365)


def test_overrides_are_loaded_once_per_block_of_years():
    calls: list[tuple[int, int]] = []

    def loader(first_year: int, last_year: int) -> list[Override]:
        calls.append((first_year, last_year))
        return []

    cal = WorkingCalendar(
        office_hours=parse_office_hours(DEFAULT_HOURS),
        working_days=WorkingDays(overrides=loader),
        time_zone=VN,
    )
    cal.add_working_days(vn(2025, 12, 1, 9), 40)
    assert calls == [(2025, 2026)]
    cal.add_working_days(vn(2025, 12, 1, 9), 400)
    assert calls == [(2025, 2026), (2027, 2028)]


# The database: stored overrides and the settings-driven shortcuts


@pytest.mark.django_db
def test_shortcuts_use_stored_overrides_read_once_then_cached(django_assert_num_queries, settings):
    settings.CQDT_CACHE_URL = "redis://shared-by-every-process"  # the test's memory cache stands in for it
    CalendarOverride.objects.create(
        date=date(2026, 1, 2), kind=CalendarOverride.Kind.DAY_OFF, reason="Nghỉ Tết Dương lịch (hoán đổi)"
    )
    CalendarOverride.objects.create(
        date=date(2026, 1, 10), kind=CalendarOverride.Kind.WORKING_DAY, reason="Làm bù cho ngày 02/01/2026"
    )
    with django_assert_num_queries(1):
        assert calendar.add_working_days(vn(2025, 12, 31, 9, 0), 30) == vn(2026, 2, 12, 9, 0)
    with django_assert_num_queries(0):
        assert calendar.add_working_days(vn(2026, 1, 9, 9, 0), 1) == vn(2026, 1, 10, 9, 0)
    assert calendar.is_working_day(date(2026, 1, 10))
    assert not calendar.is_working_day(date(2026, 1, 2))
    settings.CQDT_CACHE_URL = ""  # a per-process cache: read every time
    with django_assert_num_queries(1):
        assert calendar.add_working_days(vn(2026, 1, 9, 9, 0), 1) == vn(2026, 1, 10, 9, 0)
    assert calendar.add_working_hours(vn(2026, 1, 9, 16, 0), 2) == vn(2026, 1, 10, 8, 0)
    assert calendar.add_calendar_days(vn(2025, 12, 31, 9, 0), 2) == vn(2026, 1, 5, 9, 0)
    assert calendar.working_time_between(vn(2026, 1, 9, 9, 0), vn(2026, 1, 12, 9, 0)) == timedelta(hours=16)
    assert calendar.days_off(2026)[1] == CalendarDay(date(2026, 1, 2), "Nghỉ Tết Dương lịch (hoán đổi)")
    assert calendar.makeup_working_days(2026)[0] == CalendarDay(
        date(2026, 1, 10), "Làm bù cho ngày 02/01/2026"
    )


@pytest.mark.django_db
def test_a_changed_override_counts_at_once_despite_the_cache(settings):
    settings.CQDT_CACHE_URL = "redis://shared-by-every-process"  # the test's memory cache stands in for it
    monday, friday = vn(2026, 3, 9, 9, 0), vn(2026, 3, 13, 9, 0)
    assert calendar.add_working_days(monday, 1) == vn(2026, 3, 10, 9, 0)  # read, then cached
    storm = CalendarOverride.objects.create(
        date=date(2026, 3, 10), kind=CalendarOverride.Kind.DAY_OFF, reason="Nghỉ tránh bão"
    )
    assert calendar.add_working_days(monday, 1) == vn(2026, 3, 11, 9, 0)
    storm.delete()
    assert calendar.add_working_days(monday, 1) == vn(2026, 3, 10, 9, 0)

    assert calendar.add_working_days(friday, 1) == vn(2026, 3, 16, 9, 0)
    makeup = CalendarOverride.objects.create(
        date=date(2026, 3, 14), kind=CalendarOverride.Kind.DAY_OFF, reason="Nhập nhầm loại"
    )
    makeup.kind = CalendarOverride.Kind.WORKING_DAY
    makeup.save()
    assert calendar.add_working_days(friday, 1) == vn(2026, 3, 14, 9, 0)


@pytest.mark.django_db
def test_shortcuts_follow_the_office_hours_setting(settings):
    settings.CQDT_OFFICE_HOURS = "08:00-12:00,13:00-17:00"
    assert calendar.add_working_hours(vn(2026, 3, 9, 11, 0), 2) == vn(2026, 3, 9, 14, 0)


@pytest.mark.django_db
def test_one_override_per_date():
    CalendarOverride.objects.create(date=date(2026, 3, 10), kind=CalendarOverride.Kind.DAY_OFF, reason="Bão")
    with pytest.raises(IntegrityError):
        CalendarOverride.objects.create(
            date=date(2026, 3, 10), kind=CalendarOverride.Kind.WORKING_DAY, reason="Làm bù"
        )


@pytest.mark.django_db
def test_override_kind_is_checked_by_the_database():
    with pytest.raises(IntegrityError):
        CalendarOverride.objects.create(date=date(2026, 3, 10), kind="holiday", reason="Sai loại")


@pytest.mark.django_db
def test_admin_changes_are_audited(admin_client, admin_user):
    response = admin_client.post(
        "/admin/core/calendaroverride/add/",
        {"date": "2026-01-02", "kind": "day_off", "reason": "Nghỉ Tết Dương lịch (hoán đổi)"},
    )
    assert response.status_code == 302, response.content.decode()
    override = CalendarOverride.objects.get()
    assert (override.date, override.kind) == (date(2026, 1, 2), "day_off")
    assert str(override) == "02/01/2026: Ngày nghỉ (Nghỉ Tết Dương lịch (hoán đổi))"
    record = AuditRecord.objects.get()
    assert (record.actor, record.action, record.object_type, record.object_id) == (
        admin_user,
        "calendar_override_create",
        "core.CalendarOverride",
        str(override.pk),
    )
    snapshot = {"date": "2026-01-02", "kind": "day_off", "reason": "Nghỉ Tết Dương lịch (hoán đổi)"}
    assert record.after == snapshot

    response = admin_client.post(f"/admin/core/calendaroverride/{override.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    deleted = AuditRecord.objects.get(action="calendar_override_delete")
    assert deleted.before == snapshot
