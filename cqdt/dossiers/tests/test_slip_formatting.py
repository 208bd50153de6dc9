"""Dates, times and place names as the slips write them."""

from datetime import UTC, date, datetime

import pytest

from cqdt.agencies.models import AdministrativeUnit, AdministrativeUnitKind
from cqdt.dossiers.slips.formatting import format_date, format_time, long_date, place_date_line, place_name

# --- formatting ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (date(2026, 12, 25), "ngày 25 tháng 12 năm 2026"),
        (datetime(2026, 2, 28, 18, 0, tzinfo=UTC), "ngày 01 tháng 3 năm 2026"),
    ],
)
def test_long_date_follows_decree_30(day: date, text: str) -> None:
    assert long_date(day) == text


@pytest.mark.parametrize(
    ("name", "kind", "place"),
    [
        ("Tỉnh Thanh Hóa", AdministrativeUnitKind.PROVINCE, "Thanh Hóa"),
        ("Thành phố Hà Nội", AdministrativeUnitKind.CITY, "Hà Nội"),
        ("Xã Đồng Đăng", AdministrativeUnitKind.COMMUNE, "Đồng Đăng"),
        ("Phường 12", AdministrativeUnitKind.WARD, "Phường 12"),
        ("Đặc khu Phú Quốc", AdministrativeUnitKind.SPECIAL_ZONE, "Phú Quốc"),
    ],
)
def test_place_name_drops_the_kind_of_unit(name: str, kind: str, place: str) -> None:
    assert place_name(AdministrativeUnit(name=name, kind=kind, statistical_code="00")) == place


def test_place_date_line_without_a_place() -> None:
    assert place_name(None) == ""
    assert place_date_line("", date(2026, 1, 5)) == "Ngày 05 tháng 01 năm 2026"
    assert place_date_line("Lạng Sơn", date(2026, 1, 5)) == "Lạng Sơn, ngày 05 tháng 01 năm 2026"


def test_format_time_and_date_use_vietnam_time() -> None:
    moment = datetime(2026, 1, 5, 23, 59, tzinfo=UTC)

    assert format_time(moment) == "06 giờ 59 phút, ngày 06/01/2026"
    assert format_date(moment) == "06/01/2026"
    assert format_time(None) == ""
    assert format_date(None) == ""
