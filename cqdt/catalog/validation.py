"""Pure validation rules of the catalogue, shared by the services, the importer and the admin forms.

Each function returns Vietnamese problem messages (empty when valid) instead of raising, so that callers can
collect every problem before deciding.
"""

import re
from collections.abc import Sequence
from decimal import Decimal

from cqdt.catalog.models import HOURS_PER_DAY, TimeLimitUnit

PROCEDURE_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")
NATIONAL_PART = re.compile(r"^(?P<national>\d\.\d{6})(?:\.[0-9A-Za-z][0-9A-Za-z.]*)?$")
LOCAL_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$")
MAX_HOURS_DECIMALS = 2


def parse_national_code(code: str) -> str:
    """The national part of a procedure code: "1.003560.000.00.00.H56" → "1.003560"; "" when there is none."""
    match = NATIONAL_PART.match(code)
    return match["national"] if match else ""


def procedure_code_problems(code: str) -> list[str]:
    if not code:
        return ["Mã thủ tục không được để trống."]
    if not PROCEDURE_CODE.match(code):
        return [
            f"Mã thủ tục «{code}» không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, "
            "gạch dưới, tối đa 64 ký tự (ví dụ 1.001193)."
        ]
    return []


def local_code_problems(code: str, *, what: str) -> list[str]:
    """Codes of fields, cases and components: short, stable keys used when a file is imported again."""
    if not code:
        return [f"Mã {what} không được để trống."]
    if not LOCAL_CODE.match(code):
        return [
            f"Mã {what} «{code}» không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, gạch ngang, gạch dưới, "
            "tối đa 32 ký tự."
        ]
    return []


def time_limit_problems(amount: int | None, unit: str) -> list[str]:
    if amount is None and not unit:
        return []
    if amount is None or not unit:
        return [
            "Thời hạn giải quyết phải có cả số lượng và đơn vị, hoặc để trống cả hai (không có ngày hẹn trả)."
        ]
    problems = []
    if unit not in TimeLimitUnit.values:
        problems.append(
            f"Đơn vị thời hạn «{unit}» không hợp lệ; dùng working_days, working_hours hoặc calendar_days."
        )
    if amount <= 0:
        problems.append("Thời hạn giải quyết phải lớn hơn 0.")
    return problems


def required_step_hours(amount: int | None, unit: str) -> Decimal | None:
    """The total the steps must add up to; None when the case has no time limit (no sum rule).

    Working days count 8 hours each. A calendar-day limit is split the same way, 8 hours per day: the step
    times are then shares of the calendar period, which the dossier engine converts back (hours / 8) and
    counts in calendar days. A working-hour limit is split as is.
    """
    if amount is None or not unit:
        return None
    if unit == TimeLimitUnit.WORKING_HOURS:
        return Decimal(amount)
    return Decimal(amount * HOURS_PER_DAY)


def format_hours(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def step_hours_problems(hours: Decimal) -> list[str]:
    if not hours.is_finite() or hours <= 0:
        return ["Thời gian của mỗi bước phải lớn hơn 0 giờ."]
    exponent = hours.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_HOURS_DECIMALS:
        return ["Thời gian của mỗi bước được ghi tối đa 2 chữ số thập phân."]
    if hours >= Decimal(100000):
        return ["Thời gian của một bước quá lớn."]
    return []


def process_problems(
    *, amount: int | None, unit: str, is_active: bool, hours: Sequence[Decimal]
) -> list[str]:
    """Rules on a whole process: an active case has at least one step; the steps add up to the limit."""
    if not hours:
        if is_active:
            return [
                "Trường hợp đang áp dụng phải có quy trình nội bộ (ít nhất một bước). "
                "Để nhập dần, hãy bỏ chọn «đang áp dụng» cho đến khi quy trình đầy đủ."
            ]
        return []
    required = required_step_hours(amount, unit)
    if required is None:
        return []
    total = sum(hours, Decimal(0))
    if total == required:
        return []
    label = TimeLimitUnit(unit).label
    if unit == TimeLimitUnit.WORKING_HOURS:
        expected = f"thời hạn {amount} {label}"
    else:
        expected = f"thời hạn {amount} {label} × {HOURS_PER_DAY} giờ = {format_hours(required)} giờ"
    return [f"Tổng thời gian các bước ({format_hours(total)} giờ) phải bằng {expected}."]
