"""Export → import round trips, in CSV and XLSX."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from cqdt.agencies.exporting import export_administrative_units, export_agencies
from cqdt.agencies.importing import AGENCY_COLUMNS, UNIT_COLUMNS, import_administrative_units, import_agencies
from cqdt.agencies.importing.tables import normalise_header
from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.agencies.services import agency_close
from cqdt.agencies.tests.factories import AdministrativeUnitFactory, AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    province_unit = AdministrativeUnitFactory(statistical_code="20", name="Tỉnh Lạng Sơn", kind="province")
    ward_unit = AdministrativeUnitFactory(
        statistical_code="99001", name="Phường Tam Thanh", kind="ward", parent=province_unit
    )
    AdministrativeUnitFactory(
        statistical_code="990",
        name="Thành phố Lạng Sơn",
        kind="district",
        parent=province_unit,
        valid_to=dt.date(2025, 6, 30),
        replaced_by=ward_unit,
    )
    province = AgencyFactory(
        name="Ủy ban nhân dân tỉnh Lạng Sơn",
        identifier_code="000.00.00.H99",
        internal_code="LS.UBND",
        kind="peoples_committee",
        is_demo_code=True,
        administrative_unit=province_unit,
        website="https://langson.gov.vn",
    )
    justice = AgencyFactory(
        name="Sở Tư pháp",
        short_name="STP",
        identifier_code="000.00.03.H99",
        kind="department",
        parent=province,
        phone="0205 3812 000",
        email="stp@demo.cqdt.invalid",
        address="Số 1, đường Thử nghiệm",
    )
    AgencyFactory(name="Phòng Hành chính tư pháp", internal_code="LS.STP.HCTP", parent=justice)
    ward = AgencyFactory(
        name="UBND phường Tam Thanh",
        identifier_code="000.00.31.H99",
        level="commune",
        kind="peoples_committee",
        parent=province,
        valid_from=dt.date(2025, 7, 1),
        administrative_unit=ward_unit,
    )
    city = AgencyFactory(
        name="UBND thành phố Lạng Sơn", internal_code="LS.TPLS", level="district", parent=province
    )
    AgencyFactory(name="Phòng Tư pháp thành phố", internal_code="LS.TPLS.TP", level="district", parent=city)
    agency_close(actor=None, agency=city, valid_to=dt.date(2025, 6, 30), replaced_by=ward)


def _wipe():
    Agency.objects.update(replaced_by=None)
    for depth in sorted(set(Agency.objects.values_list("depth", flat=True)), reverse=True):
        Agency.objects.filter(depth=depth).delete()
    AdministrativeUnit.objects.update(replaced_by=None, parent=None)
    AdministrativeUnit.objects.all().delete()


def _csv_lines(export, **kwargs):
    buffer = io.BytesIO()
    export(buffer, file_format="csv", **kwargs)
    return buffer.getvalue().decode("utf-8-sig").splitlines()


def test_export_labels_read_back_as_the_import_keys():
    for column in (*AGENCY_COLUMNS, *UNIT_COLUMNS):
        assert normalise_header(column.label) == column.key


def test_csv_export_content(directory):
    lines = _csv_lines(export_agencies)
    assert lines[0] == (
        "Mã định danh,Mã nội bộ,Tên,Tên viết tắt,Loại,Cấp,Trực thuộc,Mã thống kê,Hiệu lực từ,Hiệu lực đến,"
        "Thay thế bởi,Địa chỉ,Điện thoại,Thư điện tử,Trang thông tin,Mã thử nghiệm"
    )
    assert len(lines) == 7
    assert lines[1] == (
        "000.00.00.H99,LS.UBND,Ủy ban nhân dân tỉnh Lạng Sơn,,peoples_committee,province,,20,,,,,,,"
        "https://langson.gov.vn,có"
    )
    assert (
        '000.00.03.H99,,Sở Tư pháp,STP,department,province,000.00.00.H99,,,,,"Số 1, đường Thử nghiệm",'
        "0205 3812 000,stp@demo.cqdt.invalid,,không"
    ) in lines
    assert (
        ",LS.TPLS,UBND thành phố Lạng Sơn,,unit,district,000.00.00.H99,,,30/06/2025,000.00.31.H99,,,,,không"
        in lines
    )
    assert ",LS.STP.HCTP,Phòng Hành chính tư pháp,,unit,province,000.00.03.H99,,,,,,,,,không" in lines


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_round_trip_into_an_empty_directory(directory, file_format):
    units_file, agencies_file = io.BytesIO(), io.BytesIO()
    assert export_administrative_units(units_file, file_format=file_format) == 3
    assert export_agencies(agencies_file, file_format=file_format) == 6
    before_units = sorted(_csv_lines(export_administrative_units))
    before_agencies = sorted(_csv_lines(export_agencies))
    _wipe()
    units_file.seek(0)
    agencies_file.seek(0)
    units_report = import_administrative_units(units_file, file_format=file_format)
    agencies_report = import_agencies(agencies_file, file_format=file_format)
    assert (units_report.created, units_report.errors) == (3, [])
    assert (agencies_report.created, agencies_report.errors) == (6, [])
    assert sorted(_csv_lines(export_administrative_units)) == before_units
    assert sorted(_csv_lines(export_agencies)) == before_agencies
    office = Agency.objects.get(internal_code="LS.TPLS.TP")
    assert office.path == f"{Agency.objects.get(internal_code='LS.TPLS').path}{office.pk}/"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_reimporting_an_export_changes_nothing(directory, file_format):
    exported = io.BytesIO()
    export_agencies(exported, file_format=file_format)
    exported.seek(0)
    report = import_agencies(exported, file_format=file_format)
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 0, 6, [])


def test_xlsx_keeps_dates_as_dates_and_codes_as_text(directory):
    buffer = io.BytesIO()
    export_agencies(buffer, file_format="xlsx")
    buffer.seek(0)
    sheet = load_workbook(buffer).active
    header = [cell.value for cell in sheet[1]]
    city_row = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "LS.TPLS")
    end = city_row[header.index("Hiệu lực đến")]
    assert (end.value.date(), end.number_format) == (dt.date(2025, 6, 30), "DD/MM/YYYY")
    province_row = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "LS.UBND")
    code = province_row[header.index("Mã thống kê")]
    assert (code.value, code.number_format) == ("20", "@")
