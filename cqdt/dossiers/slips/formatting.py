"""How the slips write dates, times and place names (Decree 30/2020 conventions, Vietnam time)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from cqdt.agencies.models import AdministrativeUnit, AdministrativeUnitKind

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# The "địa danh" of a province or city drops the kind ("Tỉnh Thanh Hóa" → "Thanh Hóa"); a commune keeps
# it only when its name is a number ("Phường 12").
_KIND_PREFIXES = ("Thành phố ", "Tỉnh ", "Đặc khu ", "Phường ", "Thị trấn ", "Xã ")
_STRIP_KINDS = {
    AdministrativeUnitKind.PROVINCE,
    AdministrativeUnitKind.CITY,
    AdministrativeUnitKind.COMMUNE,
    AdministrativeUnitKind.WARD,
    AdministrativeUnitKind.TOWNSHIP,
    AdministrativeUnitKind.SPECIAL_ZONE,
    AdministrativeUnitKind.DISTRICT,
}


def local_date(value: datetime | date) -> date:
    if isinstance(value, datetime):
        return value.astimezone(VIETNAM).date()
    return value


def format_date(value: datetime | date | None) -> str:
    """dd/mm/yyyy in Vietnam time; empty when there is no date."""
    if value is None:
        return ""
    return local_date(value).strftime("%d/%m/%Y")


def format_time(value: datetime | None) -> str:
    """Like "08 giờ 30 phút, ngày 05/01/2026", in Vietnam time; empty when there is no time."""
    if value is None:
        return ""
    moment = value.astimezone(VIETNAM)
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"


def long_date(value: datetime | date) -> str:
    """Like "ngày 05 tháng 01 năm 2026": day padded below 10, month padded for January and February only."""
    day = local_date(value)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_name(unit: AdministrativeUnit | None) -> str:
    if unit is None:
        return ""
    name = unit.name.strip()
    if unit.kind in _STRIP_KINDS:
        for prefix in _KIND_PREFIXES:
            rest = name[len(prefix) :]
            if name.startswith(prefix) and rest and not rest.isdigit():
                return rest
    return name


def place_date_line(place: str, value: datetime | date) -> str:
    """Like "Thanh Hóa, ngày 05 tháng 01 năm 2026" (no place when none is known)."""
    text = long_date(value)
    return f"{place}, {text}" if place else text.capitalize()
