"""The registers in the decree's column layout (PDF and Excel) and the handling slip."""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from cqdt.documents import selectors, services
from cqdt.documents.models import DocumentType, Register
from cqdt.documents.printing.output import register_pdf, register_xlsx
from cqdt.documents.printing.registers import INCOMING_COLUMNS, OUTGOING_COLUMNS, register_sheet
from cqdt.documents.printing.slip import handling_slip_pdf, slip_data
from cqdt.documents.status import Urgency
from cqdt.documents.tests.conftest import vn
from cqdt.documents.tests.factories import direct, issued, register

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def test_the_registers_have_the_ten_columns_of_appendix_iv():
    assert OUTGOING_COLUMNS == (
        "Số, ký hiệu văn bản",
        "Ngày tháng văn bản",
        "Tên loại và trích yếu nội dung văn bản",
        "Người ký",
        "Nơi nhận văn bản",
        "Đơn vị, người nhận bản lưu",
        "Số lượng bản",
        "Ngày chuyển",
        "Ký nhận",
        "Ghi chú",
    )
    assert INCOMING_COLUMNS == (
        "Ngày đến",
        "Số đến",
        "Tác giả",
        "Số, ký hiệu",
        "Ngày tháng",
        "Tên loại và trích yếu nội dung",
        "Đơn vị hoặc người nhận",
        "Ngày chuyển",
        "Ký nhận",
        "Ghi chú",
    )


def test_outgoing_register_rows(world):
    with time_machine.travel(vn(2026, 3, 3, 9), tick=False):
        first = issued(world, urgency=Urgency.FLASH)
        issued(world, document_type=world.type("cong-van"), summary="V/v báo cáo số liệu", copies=3)
        services.outgoing_recall(actor=world.leader, document=first, reason="Sai sót.")
    sheet = register_sheet(first.register, 2026)
    assert (sheet.title, sheet.agency, sheet.parent, sheet.first_number, sheet.last_number) == (
        "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
        "Sở Tư pháp",
        "Ủy ban nhân dân tỉnh Thử Nghiệm",
        "01/QĐ-STP",
        "02/STP-HCTP",
    )
    assert sheet.rows == [
        [
            "01/QĐ-STP",
            "03/03/2026",
            "Quyết định thành lập Tổ công tác kiểm tra hoạt động công chứng",
            "Lăng Văn Hùng",
            "- Như Điều 3; - Lưu: VT, HCTP.",
            "Phòng Hành chính tư pháp",
            "1",
            "03/03/2026",
            "",
            "HỎA TỐC; Đã thu hồi ngày 03/03/2026",
        ],
        [
            "02/STP-HCTP",
            "03/03/2026",
            "Công văn V/v báo cáo số liệu",
            "Lăng Văn Hùng",
            "- Như Điều 3; - Lưu: VT, HCTP.",
            "Phòng Hành chính tư pháp",
            "3",
            "03/03/2026",
            "",
            "",
        ],
    ]
    workbook = load_workbook(io.BytesIO(register_xlsx(sheet))).active
    assert workbook["A3"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    assert [c.value for c in workbook[6]] == list(OUTGOING_COLUMNS)
    assert [c.value for c in workbook[7]] == [f"({n})" for n in range(1, 11)]
    assert [c.value for c in workbook[8]] == [value or None for value in sheet.rows[0]]
    printed = _text(register_pdf(sheet))
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in printed
    assert "Từ số: 01/QĐ-STP Đến số: 02/STP-HCTP" in printed
    assert "HỎA TỐC" in printed


def test_incoming_register_rows_and_year_selection(world):
    with time_machine.travel(vn(2025, 12, 31, 10), tick=False):
        register(world, summary="Văn bản năm cũ", issued_on=dt.date(2025, 12, 30))
    with time_machine.travel(vn(2026, 1, 2, 8), tick=False):
        direct(
            world,
            register(world, urgency=Urgency.URGENT, issued_on=dt.date(2025, 12, 31)),
            dt.date(2026, 1, 9),
        )
    sheet = register_sheet(Register.objects.get(agency=world.justice), 2026)
    assert sheet.rows == [
        [
            "02/01/2026",
            "1",
            "Ủy ban nhân dân tỉnh Thử Nghiệm",
            "45/KH-UBND",
            "31/12/2025",
            "Kế hoạch triển khai công tác phổ biến, giáo dục pháp luật năm 2026",
            "Phòng Hành chính tư pháp (chủ trì); Phòng Bổ trợ tư pháp (phối hợp)",
            "02/01/2026",
            "",
            "KHẨN; Văn bản giấy",
        ]
    ]
    assert len(register_sheet(Register.objects.get(agency=world.justice), 2025).rows) == 1


def test_handling_slip(world):
    with time_machine.travel(vn(2026, 3, 3, 9), tick=False):
        document = direct(world, register(world), deadline=dt.date(2026, 3, 10))
        lead = document.handlers.get(role="lead")
        services.incoming_assign_handler(
            actor=world.section_head, document=document, handler=lead, user=world.specialist
        )
        services.incoming_add_note(
            actor=world.specialist, document=document, text="Đề xuất tổ chức hội nghị."
        )
    loaded = selectors.incoming_detail(user=world.leader, public_id=document.public_id)
    data = slip_data(loaded)
    assert data["leader"] == {
        "note": "Giao Phòng Hành chính tư pháp chủ trì tham mưu.",
        "lead": str(world.specialist),
        "co": ["Phòng Bổ trợ tư pháp"],
        "deadline": "10/03/2026",
        "date": "Ngày 03/03/2026",
        "name": "Lăng Văn Hùng",
    }
    assert data["units"] == [
        {
            "unit": "Phòng Hành chính tư pháp",
            "person": world.specialist.full_name,
            "role": "chủ trì",
            "date": "03/03/2026",
            "by": world.section_head.full_name,
        }
    ]
    assert data["proposals"] == [
        {"at": "03/03/2026", "by": world.specialist.full_name, "text": "Đề xuất tổ chức hội nghị."}
    ]
    printed = _text(handling_slip_pdf(loaded))
    assert "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN" in printed
    assert "Đề xuất tổ chức hội nghị." in printed
    assert "Thời hạn giải quyết: 10/03/2026" in printed


def test_reference_data_has_the_29_types_of_decree_30():
    types = list(DocumentType.objects.order_by("position").values_list("name", "abbreviation"))
    assert len(types) == 29
    assert types[:5] == [
        ("Nghị quyết", "NQ"),
        ("Quyết định", "QĐ"),
        ("Chỉ thị", "CT"),
        ("Quy chế", "QC"),
        ("Quy định", "QyĐ"),
    ]
    assert ("Công văn", "") in types
    assert ("Thư công", "") in types
    assert ("Tờ trình", "TTr") in types
    assert ("Chương trình", "CTr") in types
    assert ("Bản thỏa thuận", "BTT") in types
