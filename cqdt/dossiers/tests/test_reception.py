"""Reception at the counter: the e-form as plain inputs, uploads per component, errors in Vietnamese."""

import datetime as dt

import pytest
import time_machine

from cqdt.dossiers.models import Dossier
from cqdt.dossiers.tests.conftest import vn
from cqdt.dossiers.tests.helpers import pdf, png
from cqdt.dossiers.tests.test_views import page
from cqdt.dossiers.tests.workspace import URLS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]

E_FORM = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["ho_ten", "ngay_sinh", "muc_dich"],
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ và tên", "maxLength": 100},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh"},
        "muc_dich": {"type": "string", "title": "Mục đích sử dụng", "enum": ["Xin việc", "Du học", "Khác"]},
        "so_ban": {"type": "integer", "title": "Số bản đề nghị cấp", "minimum": 1, "maximum": 10},
        "xac_nhan": {"type": "boolean", "title": "Yêu cầu xác nhận không có án tích"},
        "noi_cu_tru": {
            "type": "array",
            "title": "Nơi cư trú trước đây",
            "items": {
                "type": "object",
                "properties": {
                    "dia_chi": {"type": "string", "title": "Địa chỉ"},
                    "tu_nam": {"type": "integer", "title": "Từ năm"},
                },
            },
        },
    },
}


def test_reception_renders_the_eform_as_inputs_and_receives(world, client):
    world.case.form_schema = E_FORM
    world.case.save(update_fields=["form_schema"])
    client.force_login(world.counter_officer)

    html = page(client, f"/mot-cua/tiep-nhan/?case={world.case.public_id}")
    assert '<input type="text" name="ef-ho_ten" maxlength="100" required' in html
    assert '<select name="ef-muc_dich"' in html
    assert '<option value="Du học">Du học</option>' in html
    assert 'name="ef-ngay_sinh" placeholder="dd/mm/yyyy"' in html
    assert '<input type="number" name="ef-so_ban" min="1" max="10"' in html
    assert '<input type="checkbox" name="ef-xac_nhan"' in html
    assert 'name="ef-noi_cu_tru-2-tu_nam"' in html  # three rows for the repeatable group
    assert 'type="file" id="tp-TP1" name="tp-TP1" multiple' in html
    assert "<textarea" not in html.split('name="ef-ho_ten"')[0].split("Thông tin tờ khai")[-1]

    data = {
        "case": str(world.case.public_id),
        "channel": "in_person",
        "applicant_type": "citizen",
        "applicant_name": "Hoàng Văn Thụ",
        "applicant_id_number": "020090001234",
        "applicant_phone": "0912345678",
        "applicant_birth_date": "15/08/1990",
        "ef-ho_ten": "Hoàng Văn Thụ",
        "ef-ngay_sinh": "15/08/1990",
        "ef-muc_dich": "Du học",
        "ef-so_ban": "2",
        "ef-xac_nhan": "on",
        "ef-noi_cu_tru-0-dia_chi": "Hà Nội",
        "ef-noi_cu_tru-0-tu_nam": "2010",
        "tp-TP1": [pdf(), pdf("to-khai-2.pdf")],
        "tp-TP2": png(),
    }
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        response = client.post("/mot-cua/tiep-nhan/", data)
    code = "000.00.30.H99-260302-0001"
    assert (response.status_code, response["Location"]) == (302, f"/mot-cua/ho-so/{code}/")
    dossier = Dossier.objects.get(code=code)
    assert dossier.form_data == {
        "ho_ten": "Hoàng Văn Thụ",
        "ngay_sinh": "1990-08-15",
        "muc_dich": "Du học",
        "so_ban": 2,
        "xac_nhan": True,
        "noi_cu_tru": [{"dia_chi": "Hà Nội", "tu_nam": 2010}],
    }
    assert dossier.applicant_birth_date == dt.date(1990, 8, 15)
    assert list(
        dossier.files.order_by("original_name").values_list("component__position", "original_name")
    ) == [
        (2, "cccd.png"),
        (1, "to-khai-2.pdf"),
        (1, "to-khai.pdf"),
    ]

    shown = page(client, response["Location"])
    assert f"Đã tiếp nhận hồ sơ {code}. Hẹn trả kết quả: 05/03/2026 09:00." in shown
    assert f'href="/mot-cua/ho-so/{code}/in/mau-01/">In giấy tiếp nhận (Mẫu 01)</a>' in shown
    assert "Mục đích sử dụng</dt><dd>Du học" in shown
    assert "Ngày sinh</dt><dd>15/08/1990" in shown
    assert "Nơi cư trú trước đây › mục 1 › Địa chỉ</dt><dd>Hà Nội" in shown


def test_reception_errors_are_shown_in_vietnamese_and_nothing_is_stored(world, client):
    world.case.form_schema = E_FORM
    world.case.save(update_fields=["form_schema"])
    client.force_login(world.counter_officer)
    data = {
        "case": str(world.case.public_id),
        "channel": "in_person",
        "applicant_type": "citizen",
        "applicant_name": "",
        "ef-ho_ten": "Hoàng Văn Thụ",
        "ef-ngay_sinh": "31/02/1990",
        "ef-muc_dich": "Du học",
    }
    response = client.post("/mot-cua/tiep-nhan/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Trường này là bắt buộc.") == 1  # the applicant's name
    assert "Nhập một ngày hợp lệ." in html
    assert 'value="Hoàng Văn Thụ"' in html  # what was typed is kept
    assert Dossier.objects.count() == 0

    world.case.form_schema = {
        **E_FORM,
        "properties": {
            **E_FORM["properties"],
            "ho_ten": {"type": "string", "title": "Họ và tên", "minLength": 50},
        },
    }
    world.case.save(update_fields=["form_schema"])
    data.update({"applicant_name": "Hoàng Văn Thụ", "ef-ngay_sinh": "15/08/1990"})
    response = client.post("/mot-cua/tiep-nhan/", data)
    assert response.status_code == 400
    assert "«Họ và tên»" in response.content.decode()
    assert Dossier.objects.count() == 0


SECTIONED_FORM = {
    "type": "object",
    "required": ["nguoi_yeu_cau"],
    "x-ui": {"sections": [{"title": "Người yêu cầu", "fields": ["nguoi_yeu_cau"]},
                          {"title": "Nội dung", "fields": ["hinh_thuc", "giay_to", "ghi_chu"]}]},
    "properties": {
        "nguoi_yeu_cau": {
            "type": "object", "title": "Người yêu cầu", "required": ["ho_ten"],
            "properties": {"ho_ten": {"type": "string", "title": "Họ tên"},
                           "so_nha": {"type": "integer", "title": "Số nhà"}},
        },
        "hinh_thuc": {"type": "string", "title": "Hình thức nhận", "enum": ["Trực tiếp", "Bưu điện"],
                      "x-ui": {"widget": "radio"}},
        "giay_to": {"type": "array", "title": "Giấy tờ kèm theo", "items": {"enum": ["CCCD", "Sổ hộ khẩu"]}},
        "ghi_chu": {"type": "string", "title": "Ghi chú", "x-ui": {"widget": "textarea", "rows": 2}},
    },
}  # fmt: skip


def test_the_eform_follows_sections_groups_radios_and_checkbox_lists():
    from cqdt.dossiers.views.eform import EForm, describe

    empty = EForm(SECTIONED_FORM)
    assert [(s.title, [i.label for i in s.items]) for s in empty.layout] == [
        ("Người yêu cầu", ["Người yêu cầu"]),
        ("Nội dung", ["Hình thức nhận", "Giấy tờ kèm theo", "Ghi chú"]),
    ]
    assert [child.name for child in empty.layout[0].items[0].children] == [
        "ef-nguoi_yeu_cau-ho_ten",
        "ef-nguoi_yeu_cau-so_nha",
    ]
    assert empty.fields["ef-nguoi_yeu_cau-ho_ten"].required
    assert 'type="radio" name="ef-hinh_thuc" value="Bưu điện"' in str(empty["ef-hinh_thuc"])
    assert 'rows="2"' in str(empty["ef-ghi_chu"])

    form = EForm(
        SECTIONED_FORM,
        {"ef-nguoi_yeu_cau-ho_ten": "Đinh Thị Hoa", "ef-hinh_thuc": "Bưu điện", "ef-giay_to": ["Sổ hộ khẩu"]},
    )
    assert form.is_valid(), form.errors
    data = form.collect()
    assert data == {
        "nguoi_yeu_cau": {"ho_ten": "Đinh Thị Hoa"},
        "hinh_thuc": "Bưu điện",
        "giay_to": ["Sổ hộ khẩu"],
    }
    assert describe(SECTIONED_FORM, data) == [
        ("Người yêu cầu › Họ tên", "Đinh Thị Hoa"),
        ("Hình thức nhận", "Bưu điện"),
        ("Giấy tờ kèm theo", "Sổ hộ khẩu"),
    ]
    assert not EForm(SECTIONED_FORM, {"ef-hinh_thuc": "Bưu điện"}).is_valid()
    assert EForm({}).layout == []
    assert EForm({}, {}).collect() == {}


def test_chosen_options_are_shown_by_their_titles():
    from cqdt.dossiers.views.eform import describe

    schema = {
        "type": "object",
        "properties": {
            "gioi_tinh": {
                "title": "Giới tính",
                "oneOf": [{"const": "nam", "title": "Nam"}, {"const": "nu", "title": "Nữ"}],
            },
            "ghi_chu": {"type": "string", "title": "Ghi chú"},
        },
    }
    assert describe(schema, {"gioi_tinh": "nu", "ghi_chu": "nu"}) == [("Giới tính", "Nữ"), ("Ghi chú", "nu")]
