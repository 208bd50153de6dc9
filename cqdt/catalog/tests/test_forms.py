import copy

import pytest
from django.core.exceptions import ValidationError

from cqdt.catalog import services
from cqdt.catalog.forms import FormError, form_data_errors, form_schema_problems
from cqdt.catalog.services import CaseData
from cqdt.catalog.tests.documents import CERTIFICATION_FORM
from cqdt.catalog.tests.factories import FOUR_HOUR_PROCESS, make_procedure


def test_a_well_formed_form_has_no_problems():
    assert form_schema_problems(CERTIFICATION_FORM) == []
    assert form_schema_problems({}) == []


def test_form_data_errors_name_each_field_in_vietnamese():
    data = {
        "ho_ten": "",
        "so_dinh_danh": "12345",
        "ngay_sinh": "2024-02-30",
        "gioi_tinh": "khac",
        "giay_to": [
            {"ten": "Giấy khai sinh", "so_trang": 1, "so_ban": 2},
            {"ten": "Bằng tốt nghiệp", "so_trang": 0},
        ],
        "thua": 1,
    }
    assert form_data_errors(CERTIFICATION_FORM, data) == [
        FormError("giay_to[1].so_ban", "«Giấy tờ cần chứng thực › mục 2 › Số bản sao» là bắt buộc."),
        FormError(
            "giay_to[1].so_trang", "«Giấy tờ cần chứng thực › mục 2 › Số trang» phải lớn hơn hoặc bằng 1."
        ),
        FormError("gioi_tinh", "«Giới tính» phải là một trong các giá trị: Nam, Nữ."),
        FormError("ho_ten", "«Họ và tên» không được để trống."),
        FormError("ngay_sinh", "«Ngày sinh» phải là ngày hợp lệ, dạng năm-tháng-ngày (YYYY-MM-DD)."),
        FormError("so_dinh_danh", "«Số định danh cá nhân» không đúng định dạng (12 chữ số)."),
        FormError("thua", "«thua» không thuộc danh sách trường được phép."),
    ]


def test_form_data_type_and_missing_messages():
    assert form_data_errors(CERTIFICATION_FORM, {"ho_ten": 5, "giay_to": []}) == [
        FormError("giay_to", "«Giấy tờ cần chứng thực» phải có ít nhất 1 mục."),
        FormError("ho_ten", "«Họ và tên» phải là chuỗi văn bản."),
        FormError("ngay_sinh", "«Ngày sinh» là bắt buộc."),
        FormError("so_dinh_danh", "«Số định danh cá nhân» là bắt buộc."),
    ]
    assert form_data_errors(CERTIFICATION_FORM, []) == [
        FormError("", "Dữ liệu biểu mẫu phải là nhóm thông tin (đối tượng).")
    ]


def test_valid_data_has_no_errors():
    data = {
        "ho_ten": "Nguyễn Thị Mai",
        "so_dinh_danh": "020190001234",
        "ngay_sinh": "1990-05-17",
        "gioi_tinh": "nu",
        "giay_to": [{"ten": "Giấy khai sinh", "so_trang": 1, "so_ban": 3}],
    }
    assert form_data_errors(CERTIFICATION_FORM, data) == []


def test_an_invalid_json_schema_is_refused_with_the_meta_schema_location():
    schema = {"type": "object", "properties": {"ho_ten": {"type": "strin", "title": "Họ và tên"}}}
    assert form_schema_problems(schema) == [
        "Biểu mẫu điện tử không phải JSON Schema Draft 2020-12 hợp lệ: tại «properties.ho_ten.type», "
        "giá trị không khớp với dạng dữ liệu cho phép."
    ]
    assert form_schema_problems({"type": "object", "properties": {"x": {"minLength": -1, "title": "X"}}}) == [
        "Biểu mẫu điện tử không phải JSON Schema Draft 2020-12 hợp lệ: tại «properties.x.minLength», "
        "giá trị phải lớn hơn hoặc bằng 0."
    ]
    assert form_schema_problems([]) == ["Biểu mẫu điện tử phải là một đối tượng JSON (JSON Schema)."]
    assert form_schema_problems({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}) == [
        'Biểu mẫu điện tử phải dùng JSON Schema Draft 2020-12 ("$schema": "https://json-schema.org/draft/2020-12/schema").'
    ]


def test_catalogue_rules_on_labels_ui_hints_and_references():
    schema = copy.deepcopy(CERTIFICATION_FORM)
    del schema["properties"]["ho_ten"]["title"]
    schema["properties"]["ngay_sinh"]["x-ui"] = {"widget": "calendar", "colour": "red"}
    schema["properties"]["giay_to"]["items"]["x-ui"]["order"] = ["ten", "so_ban", "so_ban"]
    schema["x-ui"]["sections"][0]["fields"].append("quoc_tich")
    schema["properties"]["noi_sinh"] = {"$ref": "https://example.com/dia-chi.json", "title": "Nơi sinh"}

    assert form_schema_problems(schema) == [
        "Biểu mẫu điện tử: tại «gốc.properties.noi_sinh», chỉ được tham chiếu nội bộ ($ref bắt đầu bằng #).",
        "Biểu mẫu điện tử: tại «gốc», x-ui.sections nêu trường không có trong properties: quoc_tich.",
        "Biểu mẫu điện tử: tại «gốc», x-ui.sections thiếu trường: noi_sinh.",
        "Biểu mẫu điện tử: trường «ho_ten» phải có «title» (nhãn hiển thị tiếng Việt).",
        "Biểu mẫu điện tử: trường «ngay_sinh»: x-ui không hỗ trợ khóa «colour».",
        "Biểu mẫu điện tử: trường «ngay_sinh»: widget «calendar» không được hỗ trợ (dùng một trong: "
        "checkbox, date, "
        "email, group, identity_number, number, phone, radio, repeater, select, text, textarea).",
        "Biểu mẫu điện tử: tại «giay_to[]», x-ui.order nêu trùng trường: so_ban.",
        "Biểu mẫu điện tử: tại «giay_to[]», x-ui.order thiếu trường: so_trang.",
    ]
    two_fields = {"type": "object", "properties": {"a": {"title": "A"}, "b": {"title": "B"}}}
    assert form_schema_problems(two_fields) == [
        "Biểu mẫu điện tử: tại «gốc», x-ui phải có «order» hoặc «sections» để cố định thứ tự hiển thị các "
        "trường."
    ]
    assert form_schema_problems({"type": "object", "properties": {"a": {"title": "A"}}}) == []
    assert form_schema_problems({"type": "string"}) == [
        'Biểu mẫu điện tử: gốc phải có "type": "object" và ít nhất một trường trong "properties".'
    ]


@pytest.mark.django_db
def test_services_refuse_a_bad_schema_and_validate_data_with_it():
    procedure = make_procedure()
    bad = CaseData(
        code="02",
        name="Có biểu mẫu sai",
        time_limit_amount=4,
        time_limit_unit="working_hours",
        form_schema={"type": "object", "properties": {"ho_ten": {"type": "strin", "title": "Họ và tên"}}},
    )
    with pytest.raises(ValidationError) as error:
        services.case_create(actor=None, procedure=procedure, data=bad, steps=FOUR_HOUR_PROCESS)
    assert error.value.message_dict == {
        "form_schema": [
            "Biểu mẫu điện tử không phải JSON Schema Draft 2020-12 hợp lệ: tại «properties.ho_ten.type», "
            "giá trị không khớp với dạng dữ liệu cho phép."
        ]
    }

    good = CaseData(
        code="02",
        name="Có biểu mẫu",
        time_limit_amount=4,
        time_limit_unit="working_hours",
        form_schema=CERTIFICATION_FORM,
    )
    case = services.case_create(actor=None, procedure=procedure, data=good, steps=FOUR_HOUR_PROCESS)
    assert services.case_validate_form_data(
        case, {"ho_ten": "A", "so_dinh_danh": "1", "ngay_sinh": "2020-01-01"}
    ) == [
        FormError("giay_to", "«Giấy tờ cần chứng thực» là bắt buộc."),
        FormError("so_dinh_danh", "«Số định danh cá nhân» không đúng định dạng (12 chữ số)."),
    ]
    assert services.case_validate_form_data(procedure.cases.get(code="01"), {"bat_ky": 1}) == []
