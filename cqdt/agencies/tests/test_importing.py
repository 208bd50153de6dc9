"""Importing the directory: row errors, fatal errors, parents in any order, idempotent re-import."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from cqdt.agencies.importing import ImportFatalError, RowError, import_administrative_units, import_agencies
from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.core.models import AuditRecord

pytestmark = pytest.mark.django_db

HEADER = (
    "Mã định danh,Mã nội bộ,Tên,Loại,Cấp,Trực thuộc,Mã thống kê,"
    "Hiệu lực từ,Hiệu lực đến,Thay thế bởi,Thư điện tử"
)


def csv_file(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO("\n".join([header, *lines]).encode(encoding))


def run(source, **kwargs):
    return import_agencies(source, file_format="csv", **kwargs)


BASE = [
    "000.00.00.H99,LS.UBND,UBND tỉnh,peoples_committee,province,,,,,,",
    "000.00.03.H99,LS.STP,Sở Tư pháp,department,province,000.00.00.H99,,,,,",
    ",LS.STP.HCTP,Phòng Hành chính tư pháp,unit,province,LS.STP,,,,,",
]


def test_good_rows_are_kept_and_bad_rows_reported_with_row_column_and_message():
    source = csv_file(
        # row 2: a child listed before its parent (row 3); kinds and levels by code or by Vietnamese label
        ",LS.STP.HCTP,Phòng Hành chính tư pháp,unit,Cấp tỉnh,000.00.03.H99,,,,,",
        '000.00.03.H99,LS.STP,Sở Tư pháp,"Sở, ban, ngành",tỉnh,LS.UBND,,,,,',
        "000.00.00.H99,LS.UBND,UBND tỉnh,peoples_committee,province,,,,,,",
        "12.00.01.H99,,Sai mã,unit,province,,,,,,",
        ",LS.X,,unit,huyện xã,,,,,,",
        ",LS.Y,Không có cấp trên,unit,province,000.00.77.H99,,,,,",
        ",LS.MAIL,Thư sai,unit,province,LS.UBND,,,,,không-phải-email",
        ",LS.MAIL.CON,Con của dòng lỗi,unit,province,LS.MAIL,,,,,",
        ",LS.NGAY,Ngày sai,unit,province,LS.UBND,,31/02/2025,,,",
        "000.00.03.H99,LS.KHAC,Trùng mã,unit,province,,,,,,",
        ",LS.TK,Mã thống kê lạ,unit,province,LS.UBND,12345,,,,",
        ",,Không mã,unit,province,,,,,,",
        ",LS.LOAI,Loại sai,Sở; ban; ngành,province,,,,,,",
    )
    report = run(source)
    assert report.errors == [
        RowError(
            5,
            "Mã định danh",
            "Mã định danh “12.00.01.H99” không đúng định dạng XXX.YY.ZZ.Lnn (ví dụ 000.00.01.H41).",
        ),
        RowError(6, "Tên", "Thiếu tên cơ quan, đơn vị."),
        RowError(
            6,
            "Cấp",
            "Cấp “huyện xã” không hợp lệ; dùng một trong: central (Trung ương), province (Cấp tỉnh), "
            "district (Cấp huyện (trước 01/7/2025)), commune (Cấp xã).",
        ),
        RowError(
            7,
            "Trực thuộc",
            "Không tìm thấy cơ quan, đơn vị có mã “000.00.77.H99” trong tệp hoặc trong danh bạ.",
        ),
        RowError(8, "Thư điện tử", "Nhập địa chỉ email."),
        RowError(9, "Trực thuộc", "Dòng 8 được tham chiếu không nhập được nên dòng này bị bỏ qua."),
        RowError(
            10, "Hiệu lực từ", "Ngày “31/02/2025” không hợp lệ; dùng định dạng dd/mm/yyyy (ví dụ 01/07/2025)."
        ),
        RowError(11, "Mã định danh", "Mã định danh “000.00.03.H99” trùng với dòng 3."),
        RowError(12, "Mã thống kê", "Không tìm thấy đơn vị hành chính có mã thống kê “12345”."),
        RowError(13, "Mã định danh", "Cần có mã định danh hoặc mã nội bộ để nhận diện cơ quan, đơn vị."),
        RowError(
            14,
            "Loại",
            "Loại “Sở; ban; ngành” không hợp lệ; dùng một trong: peoples_committee (Ủy ban nhân dân), "
            "department (Sở, ban, ngành), service_centre (Trung tâm phục vụ hành chính công), "
            "unit (Phòng, ban, đơn vị trực thuộc), ministry (Bộ, cơ quan ngang bộ), "
            "other (Cơ quan, tổ chức khác).",
        ),
    ]
    assert (report.total_rows, report.created, report.updated, report.unchanged, report.failed_rows) == (
        13,
        3,
        0,
        0,
        10,
    )
    assert sorted(Agency.objects.values_list("internal_code", "kind", "level")) == [
        ("LS.STP", "department", "province"),
        ("LS.STP.HCTP", "unit", "province"),
        ("LS.UBND", "peoples_committee", "province"),
    ]


def test_rows_in_any_order_build_the_tree():
    report = run(csv_file(*reversed(BASE)))
    assert (report.created, report.errors) == (3, [])
    province = Agency.objects.get(internal_code="LS.UBND")
    office = Agency.objects.get(internal_code="LS.STP.HCTP")
    assert Agency.objects.get(children=office).internal_code == "LS.STP"
    assert office.path.startswith(province.path)
    assert office.depth == 2


def test_a_child_of_a_row_that_fails_is_reported_as_such():
    report = run(
        csv_file(
            "000.00.00.H99,LS.UBND,UBND tỉnh,peoples_committee,province,,,,,,",
            "000.00.03.H99,LS.STP,Sở Tư pháp,department,province,000.00.00.H99,,,,,sai@",
            ",LS.STP.HCTP,Phòng Hành chính tư pháp,unit,province,LS.STP,,,,,",
        )
    )
    assert report.errors == [
        RowError(3, "Thư điện tử", "Nhập địa chỉ email."),
        RowError(4, "Trực thuộc", "Dòng 3 được tham chiếu không nhập được nên dòng này bị bỏ qua."),
    ]
    assert Agency.objects.count() == 1


def test_cycles_between_rows_are_reported():
    report = run(
        csv_file(
            ",A,Đơn vị A,unit,province,B,,,,,",
            ",B,Đơn vị B,unit,province,A,,,,,",
            ",C,Đơn vị C,unit,province,C,,,,,",
        )
    )
    assert report.errors == [
        RowError(2, "Trực thuộc", "Tham chiếu vòng giữa các dòng: 2, 3."),
        RowError(3, "Trực thuộc", "Tham chiếu vòng giữa các dòng: 2, 3."),
        RowError(4, "Trực thuộc", "Cơ quan, đơn vị không thể trực thuộc chính nó."),
    ]
    assert not Agency.objects.exists()


def test_reimporting_the_same_file_updates_instead_of_duplicating():
    first = run(csv_file(*BASE))
    audit_rows = AuditRecord.objects.count()
    second = run(csv_file(*BASE))
    assert (first.created, second.created, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert Agency.objects.count() == 3
    assert AuditRecord.objects.count() == audit_rows


def test_reimport_with_changes_updates_and_moves():
    run(csv_file(*BASE, "000.00.04.H99,LS.STC,Sở Tài chính,department,province,LS.UBND,,,,,"))
    report = run(
        csv_file(
            "000.00.03.H99,LS.STP,Sở Tư pháp tỉnh Lạng Sơn,department,province,000.00.00.H99,,,,,",
            ",LS.STP.HCTP,Phòng Hành chính tư pháp,unit,province,LS.STC,,,,,",
        )
    )
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 2, 0, [])
    assert Agency.objects.get(internal_code="LS.STP").name == "Sở Tư pháp tỉnh Lạng Sơn"
    office = Agency.objects.get(internal_code="LS.STP.HCTP")
    finance = Agency.objects.get(internal_code="LS.STC")
    assert (office.parent_id, office.path) == (finance.pk, f"{finance.path}{office.pk}/")


def test_row_keyed_by_internal_code_gets_its_identifier_code_on_reimport():
    run(csv_file(*BASE))
    report = run(csv_file("000.01.03.H99,LS.STP.HCTP,Phòng Hành chính tư pháp,unit,province,LS.STP,,,,,"))
    assert (report.updated, report.created) == (1, 0)
    assert Agency.objects.get(internal_code="LS.STP.HCTP").identifier_code == "000.01.03.H99"


def test_successor_and_administrative_unit_versions():
    import_administrative_units(
        io.BytesIO(
            "Mã thống kê,Tên,Loại,Trực thuộc,Hiệu lực từ,Hiệu lực đến,Thay thế bởi\n"
            "99001,Phường Mới,ward,20,01/07/2025,,\n"
            "20,Tỉnh Lạng Sơn,province,,,,\n"
            "990,Thành phố cũ,district,20,,30/06/2025,99001\n".encode()
        ),
        file_format="csv",
    )
    report = run(
        csv_file(
            ",CU,UBND thành phố cũ,peoples_committee,district,,990,,30/06/2025,MOI,",
            ",MOI,UBND phường Mới,peoples_committee,commune,,99001,2025-07-01,,,",
        )
    )
    assert (report.created, report.errors) == (2, [])
    old, new = Agency.objects.get(internal_code="CU"), Agency.objects.get(internal_code="MOI")
    assert (old.replaced_by_id, old.valid_to, str(old.administrative_unit)) == (
        new.pk,
        dt.date(2025, 6, 30),
        "Thành phố cũ",
    )
    assert (new.valid_from, str(new.administrative_unit)) == (dt.date(2025, 7, 1), "Phường Mới")
    district = AdministrativeUnit.objects.get(statistical_code="990")
    assert (str(district.parent), str(district.replaced_by)) == ("Tỉnh Lạng Sơn", "Phường Mới")


def test_dry_run_checks_everything_and_writes_nothing():
    report = run(csv_file(*BASE, ",LS.BAD,Sai,unit,province,LS.STP,,,,,x@"), dry_run=True)
    assert (report.dry_run, report.created, report.errors) == (
        True,
        3,
        [RowError(5, "Thư điện tử", "Nhập địa chỉ email.")],
    )
    assert not Agency.objects.exists()
    assert not AuditRecord.objects.exists()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (csv_file(*BASE, header="Mã định danh,Mã nội bộ,Tên,Loại"), "Thiếu cột bắt buộc: Cấp."),
        (
            csv_file("UBND,province", header="Tên,Cấp"),
            "Tệp phải có ít nhất một cột nhận diện: Mã định danh hoặc Mã nội bộ.",
        ),
        (csv_file(*BASE, header="Tên,Tên,Cấp,Mã nội bộ"), "Cột “Tên” xuất hiện nhiều lần ở dòng tiêu đề."),
        (io.BytesIO(b""), "Tệp không có dòng tiêu đề (dòng 1 phải là tên các cột)."),
        (
            csv_file(*BASE, encoding="utf-16"),
            "Tệp CSV không đúng bảng mã UTF-8 (byte lỗi ở vị trí 0). "
            "Hãy lưu lại tệp bằng tùy chọn “CSV UTF-8”.",
        ),
    ],
)
def test_fatal_errors_write_nothing(source, message):
    with pytest.raises(ImportFatalError) as caught:
        run(source)
    assert caught.value.message == message
    assert not Agency.objects.exists()
    assert not AuditRecord.objects.exists()


def test_windows_1258_file_is_a_fatal_encoding_error():
    source = io.BytesIO(b"ma_noi_bo,ten,cap\nA,S\xf5 Y t\xea,province\n")  # "Sở Y tê" in Windows-1258
    with pytest.raises(ImportFatalError) as caught:
        run(source)
    assert caught.value.message == (
        "Tệp CSV không đúng bảng mã UTF-8 (byte lỗi ở vị trí 21). Hãy lưu lại tệp bằng tùy chọn “CSV UTF-8”."
    )
    assert not Agency.objects.exists()


def test_unreadable_xlsx_is_fatal():
    with pytest.raises(ImportFatalError) as caught:
        import_agencies(io.BytesIO(b"not a zip file"), file_format="xlsx")
    assert caught.value.message == "Không đọc được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx."


def test_ascii_headers_semicolons_bom_and_unknown_columns():
    text = "\ufeffma_noi_bo;ten;cap;ghi_chu\nA;Sở Y tế;province;bỏ qua\n"
    report = import_agencies(io.BytesIO(text.encode()), file_format="csv")
    assert (report.created, report.errors, report.warnings) == (
        1,
        [],
        ["Bỏ qua cột không dùng đến: “ghi_chu”."],
    )
    assert Agency.objects.get(internal_code="A").name == "Sở Y tế"


def test_xlsx_with_date_cells_and_numeric_codes():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã thống kê", "Tên", "Loại", "Hiệu lực từ"])
    sheet.append([20, "Tỉnh Lạng Sơn", "Tỉnh", dt.datetime(2008, 1, 1)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = import_administrative_units(buffer, file_format="xlsx")
    assert (report.created, report.errors) == (1, [])
    unit = AdministrativeUnit.objects.get()
    assert (unit.statistical_code, unit.kind, unit.valid_from) == ("20", "province", dt.date(2008, 1, 1))


def test_progress_reaches_the_total():
    calls = []
    run(
        csv_file(*BASE, ",,Không mã,unit,province,,,,,,"),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (4, 4)
    assert [done for done, _ in calls] == [1, 2, 3, 4]
