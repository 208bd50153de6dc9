"""Shared test data for the portal: an e-form for the test world's case, citizens, uploads."""

import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cqdt.accounts.models import UserKind
from cqdt.dossiers.tests.factories import UserFactory, World
from cqdt.dossiers.tests.helpers import PDF_BYTES, PNG_BYTES
from cqdt.portal.models import CitizenProfile, SignUpMethod

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
    "type": "object",
    "additionalProperties": False,
    "required": ["nguoi_yeu_cau", "so_ban", "muc_dich"],
    "properties": {
        "nguoi_yeu_cau": {
            "type": "object",
            "title": "Người yêu cầu",
            "additionalProperties": False,
            "required": ["ho_ten", "ngay_sinh", "gioi_tinh"],
            "properties": {
                "ho_ten": {"type": "string", "title": "Họ và tên", "minLength": 1, "maxLength": 100},
                "ngay_sinh": {
                    "type": "string",
                    "title": "Ngày sinh",
                    "format": "date",
                    "x-ui": {"widget": "date"},
                },
                "gioi_tinh": {
                    "title": "Giới tính",
                    "oneOf": [{"const": "nam", "title": "Nam"}, {"const": "nu", "title": "Nữ"}],
                    "x-ui": {"widget": "radio"},
                },
            },
            "x-ui": {"widget": "group", "order": ["ho_ten", "ngay_sinh", "gioi_tinh"]},
        },
        "so_ban": {
            "type": "integer",
            "title": "Số bản",
            "minimum": 1,
            "maximum": 10,
            "x-ui": {"widget": "number"},
        },
        "muc_dich": {
            "title": "Mục đích",
            "oneOf": [
                {"const": "xin_viec", "title": "Xin việc"},
                {"const": "khac", "title": "Mục đích khác"},
            ],
            "x-ui": {"widget": "select"},
        },
        "noi_cu_tru": {
            "type": "array",
            "title": "Nơi cư trú trước đây",
            "maxItems": 5,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["dia_chi"],
                "properties": {
                    "dia_chi": {"type": "string", "title": "Địa chỉ", "minLength": 1},
                    "tu_nam": {"type": "integer", "title": "Từ năm", "minimum": 1900},
                },
                "x-ui": {"order": ["dia_chi", "tu_nam"]},
            },
            "x-ui": {"widget": "repeater", "add_label": "Thêm nơi cư trú"},
        },
    },
    "x-ui": {"order": ["nguoi_yeu_cau", "so_ban", "muc_dich", "noi_cu_tru"]},
}

VALID_POST = {
    "nn-handling_agency": "",  # filled in by the tests with the department's public id
    "nn-applicant_type": "citizen",
    "nn-name": "Trần Thị Dân",
    "nn-id_number": "020090001234",
    "nn-birth_date": "1990-04-12",
    "nn-address": "Thôn Nà Lừa",
    "nn-phone": "0912345678",
    "nn-email": "dan.tt@example.vn",
    "ef-nguoi_yeu_cau-ho_ten": "Trần Thị Dân",
    "ef-nguoi_yeu_cau-ngay_sinh": "1990-04-12",
    "ef-nguoi_yeu_cau-gioi_tinh": "nu",
    "ef-so_ban": "2",
    "ef-muc_dich": "xin_viec",
    "ef-noi_cu_tru-rows": "2",
    "ef-noi_cu_tru-0-dia_chi": "Phường Tam Thanh",
    "ef-noi_cu_tru-0-tu_nam": "2010",
    "ef-noi_cu_tru-1-dia_chi": "",
    "ef-noi_cu_tru-1-tu_nam": "",
}

VALID_FORM_DATA = {
    "nguoi_yeu_cau": {"ho_ten": "Trần Thị Dân", "ngay_sinh": "1990-04-12", "gioi_tinh": "nu"},
    "so_ban": 2,
    "muc_dich": "xin_viec",
    "noi_cu_tru": [{"dia_chi": "Phường Tam Thanh", "tu_nam": 2010}],
}


def open_world_online(world: World) -> None:
    """The test world's procedure as a full online service with the e-form above."""
    world.procedure.online_service = "full"
    world.procedure.save(update_fields=["online_service"])
    world.case.form_schema = SCHEMA
    world.case.save(update_fields=["form_schema"])


def citizen(username: str = "dan", *, verified: bool = True, **kwargs: Any) -> Any:
    defaults: dict[str, Any] = {
        "kind": UserKind.CITIZEN,
        "full_name": "Trần Thị Dân",
        "email": f"{username}@example.vn",
        "phone": "0912345678",
        "identity_number": "020090001234",
    }
    user: Any = UserFactory(username=username, **{**defaults, **kwargs})
    CitizenProfile.objects.create(
        user=user,
        sign_up_method=SignUpMethod.EMAIL,
        email_verified_at="2026-01-05T08:00:00+07:00" if verified else None,
    )
    return user


def pdf(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name: str = "cccd.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def renamed_executable() -> SimpleUploadedFile:
    # An ELF header: what a Linux program starts with, whatever its name says.
    return SimpleUploadedFile(
        "giay-to.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, content_type="application/pdf"
    )


def pdf_with_javascript() -> SimpleUploadedFile:
    content = PDF_BYTES.replace(
        b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"
    )
    return SimpleUploadedFile("don.pdf", content, content_type="application/pdf")


def zip_bomb() -> SimpleUploadedFile:
    """A .docx-looking archive whose one part expands about a thousand times."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (5 * 1024 * 1024))
    return SimpleUploadedFile("don.docx", buffer.getvalue(), content_type="application/octet-stream")


def oversized(limit: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("lon.pdf", PDF_BYTES + b"0" * limit, content_type="application/pdf")
