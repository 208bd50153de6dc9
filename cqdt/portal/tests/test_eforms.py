"""The generic e-form renderer (cqdt.core.eforms): fields from a schema, JSON back, errors by path."""

from django.http import QueryDict

from cqdt.core.eforms import EForm, describe, parse_dotted
from cqdt.portal.tests.support import SCHEMA

SCHEMA_WITH_REFS = {
    "type": "object",
    "$defs": {"so_trang": {"type": "integer", "title": "Số trang", "minimum": 1}},
    "properties": {
        "loai": {
            "title": "Loại",
            "oneOf": [{"const": 1, "title": "Bản chính"}, {"const": 2, "title": "Bản sao"}],
        },
        "trang": {"$ref": "#/$defs/so_trang"},
        "ngon_ngu": {"type": "array", "title": "Ngôn ngữ", "items": {"enum": ["vi", "en"]}},
        "dong_y": {"type": "boolean", "title": "Đồng ý"},
    },
    "x-ui": {
        "sections": [
            {"title": "Giấy tờ", "fields": ["loai", "trang"]},
            {"title": "Khác", "fields": ["ngon_ngu", "dong_y"]},
        ]
    },
}


def _form(schema, data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return EForm(schema, query)


def test_collect_types_choices_refs_and_arrays():
    form = _form(
        SCHEMA_WITH_REFS, {"ef-loai": "2", "ef-trang": "7", "ef-ngon_ngu": ["vi", "en"], "ef-dong_y": "on"}
    )
    assert form.is_valid(), form.errors
    assert form.collect() == {"loai": 2, "trang": 7, "ngon_ngu": ["vi", "en"], "dong_y": True}
    assert [(s.title, [i.label for i in s.items]) for s in form.layout] == [
        ("Giấy tờ", ["Loại", "Số trang"]),
        ("Khác", ["Ngôn ngữ", "Đồng ý"]),
    ]


def test_initial_data_fills_the_fields_and_rows():
    data = {"noi_cu_tru": [{"dia_chi": "A"}, {"dia_chi": "B"}], "so_ban": 2}
    form = EForm(SCHEMA, initial_data=data)
    repeater = form.items_by_path[("noi_cu_tru",)]
    assert len(repeater.rows) == 2
    assert form["ef-noi_cu_tru-1-dia_chi"].value() == "B"
    assert form["ef-so_ban"].value() == 2


def test_rows_are_capped_by_max_items():
    form = _form(SCHEMA, {"ef-noi_cu_tru-rows": "40", "ef-add": "ef-noi_cu_tru"})
    assert form.wants_row
    assert len(form.items_by_path[("noi_cu_tru",)].rows) == 5


def test_errors_go_to_the_item_at_the_path_or_its_nearest_ancestor():
    form = EForm(SCHEMA)
    form.attach_errors(
        [
            ("nguoi_yeu_cau.ho_ten", "«Người yêu cầu › Họ và tên» là bắt buộc."),
            ("noi_cu_tru[3].dia_chi", "«Nơi cư trú trước đây › mục 4 › Địa chỉ» là bắt buộc."),
            ("", "Dữ liệu biểu mẫu phải là đối tượng."),
        ]
    )
    assert form.items_by_path[("nguoi_yeu_cau", "ho_ten")].errors == [
        "«Người yêu cầu › Họ và tên» là bắt buộc."
    ]
    assert form.items_by_path[("noi_cu_tru",)].errors == [
        "«Nơi cư trú trước đây › mục 4 › Địa chỉ» là bắt buộc."
    ]
    assert form.other_errors == ["Dữ liệu biểu mẫu phải là đối tượng."]
    assert form.error_count == 3


def test_parse_dotted():
    assert parse_dotted("giay_to[1].so_trang") == ("giay_to", 1, "so_trang")
    assert parse_dotted("") == ()


def test_describe_uses_titles_order_and_dates():
    lines = describe(
        SCHEMA, {"muc_dich": "xin_viec", "nguoi_yeu_cau": {"gioi_tinh": "nu", "ngay_sinh": "1990-04-12"}}
    )
    assert lines == [
        ("Người yêu cầu › Ngày sinh", "12/04/1990"),
        ("Người yêu cầu › Giới tính", "Nữ"),
        ("Mục đích", "Xin việc"),
    ]
