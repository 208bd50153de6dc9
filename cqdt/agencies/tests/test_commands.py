"""The import_agencies / export_agencies management commands."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.core.models import AuditRecord

pytestmark = pytest.mark.django_db

GOOD = (
    "Mã định danh,Mã nội bộ,Tên,Cấp,Trực thuộc,Thư điện tử\n"
    "000.00.00.H99,LS.UBND,UBND tỉnh,province,,\n"
    ",LS.STP,Sở Tư pháp,province,LS.UBND,\n"
    ",LS.BAD,Sai thư,province,LS.UBND,sai@\n"
)


def _call(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_keeps_good_rows_and_prints_the_error_report(tmp_path):
    source = tmp_path / "danh-ba.csv"
    source.write_text(GOOD, encoding="utf-8")
    report_file = tmp_path / "loi.csv"
    output = _call("import_agencies", str(source), "--report", str(report_file))
    assert "1 dòng lỗi (không được nhập)" in output
    assert "Nhập địa chỉ email." in output
    assert "3 dòng cơ quan, đơn vị: 2 thêm mới, 0 cập nhật, 0 không đổi, 1 lỗi." in output
    assert sorted(Agency.objects.values_list("internal_code", flat=True)) == ["LS.STP", "LS.UBND"]
    assert report_file.read_text(encoding="utf-8-sig").splitlines() == [
        "Dòng,Cột,Lỗi",
        "4,Thư điện tử,Nhập địa chỉ email.",
    ]


def test_import_records_the_acting_user(tmp_path, django_user_model):
    user = django_user_model.objects.create(username="quantri")
    source = tmp_path / "danh-ba.csv"
    source.write_text(GOOD, encoding="utf-8")
    _call("import_agencies", str(source), "--user", "quantri")
    assert set(AuditRecord.objects.filter(action="agency.create").values_list("actor_id", flat=True)) == {
        user.pk
    }
    with pytest.raises(CommandError, match=re.escape("Không có người dùng “khong-co”.")):
        _call("import_agencies", str(source), "--user", "khong-co")


def test_dry_run_writes_nothing(tmp_path):
    source = tmp_path / "danh-ba.csv"
    source.write_text(GOOD, encoding="utf-8")
    output = _call("import_agencies", str(source), "--dry-run")
    assert "Chạy thử (không ghi vào CSDL): 3 dòng cơ quan, đơn vị: 2 thêm mới" in output
    assert not Agency.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "thieu-cot.csv",
            b"Ten\nA\n",
            "Không nhập được tệp (không ghi dữ liệu nào): Thiếu cột bắt buộc: Cấp.",
        ),
        (
            "danh-ba.xls",
            b"",
            "Không nhập được tệp (không ghi dữ liệu nào): Không hỗ trợ tệp “danh-ba.xls”: "
            "chỉ nhận tệp .csv (UTF-8) hoặc .xlsx.",
        ),
        (
            "hong.xlsx",
            b"PK\x03\x04garbage",
            "Không nhập được tệp (không ghi dữ liệu nào): "
            "Không đọc được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx.",
        ),
    ],
)
def test_fatal_errors_stop_the_command(tmp_path, name, content, message):
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        _call("import_agencies", str(source))
    assert str(caught.value) == message
    assert not Agency.objects.exists()


def test_missing_file_is_fatal(tmp_path):
    with pytest.raises(CommandError, match="Không mở được tệp"):
        _call("import_agencies", str(tmp_path / "khong-co.csv"))


def test_export_then_import_administrative_units_and_agencies(tmp_path):
    units = tmp_path / "dvhc.csv"
    units.write_text("Mã thống kê,Tên,Loại\n20,Tỉnh Lạng Sơn,province\n", encoding="utf-8")
    assert "1 dòng đơn vị hành chính: 1 thêm mới" in _call("import_administrative_units", str(units))
    source = tmp_path / "danh-ba.csv"
    source.write_text(GOOD, encoding="utf-8")
    _call("import_agencies", str(source))
    target = tmp_path / "xuat.xlsx"
    assert _call("export_agencies", str(target)) == f"Đã xuất 2 cơ quan, đơn vị ra {target}.\n"
    assert _call("export_agencies", str(tmp_path / "dvhc.xlsx"), "--units").startswith(
        "Đã xuất 1 đơn vị hành chính"
    )
    output = _call("import_agencies", str(target))
    assert "2 dòng cơ quan, đơn vị: 0 thêm mới, 0 cập nhật, 2 không đổi, 0 lỗi." in output
    assert AdministrativeUnit.objects.count() == 1
    with pytest.raises(CommandError, match=re.escape("chỉ nhận tệp .csv")):
        _call("export_agencies", str(tmp_path / "xuat.pdf"))
