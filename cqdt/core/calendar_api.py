"""Working-calendar API: compute a due date, list the days off and make-up working days of a year.

Parameters are taken as strings and parsed here, so every error is a Vietnamese problem+json (400).
"""

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.http import HttpRequest
from ninja import P, QueryEx, Router, Schema

from cqdt.core import calendar
from cqdt.core.calendar import UnsupportedYearError
from cqdt.core.errors import ProblemError

router = Router()

MAX_AMOUNT = Decimal(3650)
FIRST_YEAR = 2000
LAST_YEAR = 2100

_INVALID = "Tham số không hợp lệ"
# An unescaped "+" in a query string arrives as a space: "...T09:00:00 07:00".
_SPACE_FOR_PLUS = re.compile(r" (\d{2}(?::?\d{2})?)$")

_UNITS: dict[str, Callable[[dt.datetime, Decimal], dt.datetime]] = {
    "working_days": lambda start, amount: calendar.add_working_days(start, int(amount)),
    "working_hours": lambda start, amount: calendar.add_working_hours(start, amount),
    "calendar_days": lambda start, amount: calendar.add_calendar_days(start, int(amount)),
}
_WHOLE_UNITS = {"working_days", "calendar_days"}


class DueOut(Schema):
    due: dt.datetime


class CalendarDayOut(Schema):
    date: dt.date
    reason: str


class YearCalendarOut(Schema):
    year: int
    days_off: list[CalendarDayOut]
    makeup_working_days: list[CalendarDayOut]


@router.get("/due", response=DueOut, summary="Tính thời hạn theo lịch làm việc")
def due(
    request: HttpRequest,
    start: QueryEx[
        str | None,
        P(description="Bắt buộc. Thời điểm bắt đầu, ISO 8601; không có múi giờ thì là giờ Việt Nam."),
    ] = None,
    amount: QueryEx[
        str | None,
        P(description="Bắt buộc. Thời hạn: số không âm, tối đa 3650; số nguyên nếu tính theo ngày."),
    ] = None,
    unit: QueryEx[
        str | None, P(description="Bắt buộc. working_days, working_hours hoặc calendar_days.")
    ] = None,
) -> dict[str, dt.datetime]:
    """Thời điểm bắt đầu (đưa vào giờ hành chính) cộng thời hạn; kết quả theo giờ Việt Nam (+07:00).

    Thời hạn kết thúc đúng lúc hết một buổi thì ghi là giờ hết buổi đó (17:00, 11:30).
    """
    unit_name = _parse_unit(unit)
    begin = _parse_start(start)
    quantity = _parse_amount(amount, whole=unit_name in _WHOLE_UNITS)
    try:
        return {"due": _UNITS[unit_name](begin, quantity)}
    except (UnsupportedYearError, OverflowError) as error:
        raise ProblemError(
            400, "Ngoài phạm vi lịch làm việc", "Thời hạn vượt quá phạm vi lịch được hỗ trợ."
        ) from error


@router.get("/days-off", response=YearCalendarOut, summary="Ngày nghỉ và ngày làm bù trong năm")
def days_off(
    request: HttpRequest,
    year: QueryEx[str | None, P(description=f"Bắt buộc. Năm, từ {FIRST_YEAR} đến {LAST_YEAR}.")] = None,
) -> dict[str, object]:
    """Các ngày nghỉ rơi vào thứ Hai–thứ Sáu và các ngày thứ Bảy/Chủ nhật phải làm việc bù."""
    number = _parse_year(year)
    working_calendar = calendar.calendar_from_settings()
    return {
        "year": number,
        "days_off": [{"date": day, "reason": reason} for day, reason in working_calendar.days_off(number)],
        "makeup_working_days": [
            {"date": day, "reason": reason} for day, reason in working_calendar.makeup_working_days(number)
        ],
    }


def _parse_unit(raw: str | None) -> str:
    if not raw:
        raise ProblemError(400, _INVALID, "Thiếu tham số unit (đơn vị thời hạn).")
    if raw not in _UNITS:
        raise ProblemError(
            400, _INVALID, "Tham số unit phải là một trong: working_days, working_hours, calendar_days."
        )
    return raw


def _parse_start(raw: str | None) -> dt.datetime:
    if not raw:
        raise ProblemError(400, _INVALID, "Thiếu tham số start (thời điểm bắt đầu).")
    text = raw.strip()
    try:
        start = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            start = dt.datetime.fromisoformat(_SPACE_FOR_PLUS.sub(r"+\1", text))
        except ValueError:
            raise ProblemError(
                400, _INVALID, "Tham số start không phải thời điểm ISO 8601, ví dụ 2026-02-13T09:00:00+07:00."
            ) from None
    if start.tzinfo is None:
        start = start.replace(tzinfo=calendar.legal_time_zone())
    if not FIRST_YEAR <= start.astimezone(calendar.legal_time_zone()).year <= LAST_YEAR:
        raise ProblemError(400, _INVALID, f"Thời điểm bắt đầu phải trong các năm {FIRST_YEAR}–{LAST_YEAR}.")
    return start


def _parse_amount(raw: str | None, *, whole: bool) -> Decimal:
    if not raw:
        raise ProblemError(400, _INVALID, "Thiếu tham số amount (thời hạn).")
    try:
        amount = Decimal(raw.strip())
    except InvalidOperation:
        raise ProblemError(400, _INVALID, "Tham số amount phải là một số.") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ProblemError(400, _INVALID, f"Tham số amount phải là số không âm, tối đa {MAX_AMOUNT}.")
    if whole and amount != amount.to_integral_value():
        raise ProblemError(400, _INVALID, "Thời hạn tính theo ngày phải là số nguyên.")
    return amount


def _parse_year(raw: str | None) -> int:
    if not raw:
        raise ProblemError(400, _INVALID, "Thiếu tham số year (năm).")
    try:
        year = int(raw.strip())
    except ValueError:
        raise ProblemError(400, _INVALID, "Tham số year phải là một số nguyên, ví dụ 2026.") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ProblemError(400, _INVALID, f"Tham số year phải trong khoảng {FIRST_YEAR}–{LAST_YEAR}.")
    return year
