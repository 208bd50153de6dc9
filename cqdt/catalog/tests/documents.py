"""Small exchange documents for the importer and exporter tests, in canonical form (every key present)."""

import copy
from typing import Any

from cqdt.catalog.forms import DRAFT_2020_12

CERTIFICATION_FORM = {
    "$schema": DRAFT_2020_12,
    "type": "object",
    "title": "Yêu cầu chứng thực bản sao",
    "required": ["ho_ten", "so_dinh_danh", "ngay_sinh", "giay_to"],
    "additionalProperties": False,
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ và tên", "minLength": 1, "maxLength": 100},
        "so_dinh_danh": {
            "type": "string",
            "title": "Số định danh cá nhân",
            "pattern": "^[0-9]{12}$",
            "x-ui": {"widget": "identity_number", "format_hint": "12 chữ số"},
        },
        "ngay_sinh": {"type": "string", "title": "Ngày sinh", "format": "date", "x-ui": {"widget": "date"}},
        "gioi_tinh": {
            "title": "Giới tính",
            "oneOf": [{"const": "nam", "title": "Nam"}, {"const": "nu", "title": "Nữ"}],
            "x-ui": {"widget": "radio"},
        },
        "giay_to": {
            "type": "array",
            "title": "Giấy tờ cần chứng thực",
            "minItems": 1,
            "x-ui": {"widget": "repeater", "add_label": "Thêm giấy tờ"},
            "items": {
                "type": "object",
                "required": ["ten", "so_trang", "so_ban"],
                "additionalProperties": False,
                "x-ui": {"order": ["ten", "so_trang", "so_ban"]},
                "properties": {
                    "ten": {"type": "string", "title": "Tên giấy tờ", "minLength": 1},
                    "so_trang": {"type": "integer", "title": "Số trang", "minimum": 1},
                    "so_ban": {"type": "integer", "title": "Số bản sao", "minimum": 1, "maximum": 50},
                },
            },
        },
    },
    "x-ui": {
        "sections": [
            {"title": "Người yêu cầu", "fields": ["ho_ten", "so_dinh_danh", "ngay_sinh", "gioi_tinh"]},
            {"title": "Giấy tờ", "fields": ["giay_to"]},
        ]
    },
}


def _steps_four_hours() -> list[dict[str, Any]]:
    return [
        {"name": "Tiếp nhận hồ sơ", "role": "one_stop_officer", "unit": "Bộ phận Một cửa", "hours": 0.5},
        {
            "name": "Đối chiếu, ghi lời chứng",
            "role": "specialist",
            "unit": "Công chức Tư pháp - Hộ tịch",
            "hours": 2,
        },
        {"name": "Ký chứng thực", "role": "agency_head", "unit": "Lãnh đạo UBND xã", "hours": 1},
        {"name": "Vào sổ, trả kết quả", "role": "clerk", "unit": "Văn thư", "hours": 0.5},
    ]


def _steps_days(days: int) -> list[dict[str, Any]]:
    total = days * 8
    return [
        {"name": "Tiếp nhận hồ sơ", "role": "one_stop_officer", "unit": "Bộ phận Một cửa", "hours": 4},
        {"name": "Thẩm định", "role": "specialist", "unit": "Phòng chuyên môn", "hours": total - 12},
        {"name": "Phê duyệt", "role": "agency_head", "unit": "", "hours": 4},
        {"name": "Ban hành", "role": "clerk", "unit": "Văn thư", "hours": 4},
    ]


def small_document() -> dict[str, Any]:
    return copy.deepcopy(
        {
            "format": "cqdt-catalog",
            "version": 1,
            "fields": [{"code": "chung-thuc", "name": "Chứng thực"}, {"code": "ho-tich", "name": "Hộ tịch"}],
            "procedures": [
                {
                    "code": "1.004873",
                    "name": "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
                    "field": "ho-tich",
                    "levels": ["commune"],
                    "implementing_agencies": {
                        "rules": [{"level": "commune", "kind": "peoples_committee", "name_contains": ""}],
                        "codes": [],
                    },
                    "online_service": "full",
                    "supplement_policy": "pause",
                    "is_active": True,
                    "legal_basis": ["Luật Hộ tịch số 60/2014/QH13"],
                    "result_documents": ["Giấy xác nhận tình trạng hôn nhân"],
                    "fees": [
                        {"kind": "charge", "amount": None, "description": "Theo Nghị quyết của HĐND tỉnh."}
                    ],
                    "cases": [
                        {
                            "code": "01",
                            "name": "Cấp Giấy xác nhận tình trạng hôn nhân",
                            "is_active": True,
                            "time_limit": {"amount": 3, "unit": "working_days"},
                            "components": [
                                {
                                    "code": "TK",
                                    "name": "Tờ khai (theo mẫu)",
                                    "originals": 1,
                                    "copies": 0,
                                    "mandatory": True,
                                    "blank_form": None,
                                }
                            ],
                            "steps": _steps_days(3),
                            "form_schema": {},
                        }
                    ],
                    "notes": "",
                },
                {
                    "code": "2.000815",
                    "name": "Thủ tục chứng thực bản sao từ bản chính",
                    "field": "chung-thuc",
                    "levels": ["province", "commune"],
                    "implementing_agencies": {"rules": [], "codes": ["000.00.03.H98"]},
                    "online_service": "partial",
                    "supplement_policy": "restart",
                    "is_active": True,
                    "legal_basis": ["Nghị định số 23/2015/NĐ-CP", "Thông tư số 226/2016/TT-BTC"],
                    "result_documents": ["Bản sao có chứng thực"],
                    "fees": [
                        {
                            "kind": "fee",
                            "amount": 2000,
                            "description": "Trang thứ nhất và thứ hai, mỗi trang",
                        },
                        {
                            "kind": "fee",
                            "amount": 1000,
                            "description": "Từ trang thứ ba, tối đa 200.000 đồng/bản",
                        },
                    ],
                    "cases": [
                        {
                            "code": "01",
                            "name": "Chứng thực bản sao",
                            "is_active": True,
                            "time_limit": {"amount": 4, "unit": "working_hours"},
                            "components": [
                                {
                                    "code": "BC",
                                    "name": "Bản chính giấy tờ",
                                    "originals": 1,
                                    "copies": 0,
                                    "mandatory": True,
                                    "blank_form": None,
                                },
                                {
                                    "code": "BS",
                                    "name": "Bản sao cần chứng thực",
                                    "originals": 0,
                                    "copies": 1,
                                    "mandatory": False,
                                    "blank_form": None,
                                },
                            ],
                            "steps": _steps_four_hours(),
                            "form_schema": CERTIFICATION_FORM,
                        },
                        {
                            "code": "02",
                            "name": "Không hẹn ngày trả",
                            "is_active": False,
                            "time_limit": None,
                            "components": [],
                            "steps": [{"name": "Xử lý", "role": "specialist", "unit": "", "hours": 1.25}],
                            "form_schema": {},
                        },
                    ],
                    "notes": "Mã thủ tục cần đối chiếu.",
                },
            ],
        }
    )
