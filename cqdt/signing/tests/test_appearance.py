"""Visible appearances: the text lines, the Vietnam-time timestamp, the seal box, refusals of bad input."""

import io
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from cqdt.signing.appearance import (
    Box,
    person_lines,
    render_appearance,
    seal_box,
    seal_lines,
    signing_time_text,
)

AT = datetime(2026, 3, 2, 2, 30, 5, tzinfo=UTC)


def text_of(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_signing_time_is_iso_8601_in_vietnam_time():
    assert signing_time_text(AT) == "2026-03-02T09:30:05+07:00"


def test_person_lines():
    assert person_lines(name="Lăng Văn Hùng", title="Giám đốc Sở", at=AT) == [
        "Ký bởi: Lăng Văn Hùng",
        "Chức vụ: Giám đốc Sở",
        "Thời gian: 2026-03-02T09:30:05+07:00",
    ]
    assert person_lines(name="Lăng Văn Hùng", title="", at=AT) == [
        "Ký bởi: Lăng Văn Hùng",
        "Thời gian: 2026-03-02T09:30:05+07:00",
    ]
    assert seal_lines(agency_name="Sở Tư pháp tỉnh Lạng Sơn", at=AT) == [
        "Sở Tư pháp tỉnh Lạng Sơn",
        "2026-03-02T09:30:05+07:00",
    ]


def test_person_appearance_has_the_box_size_and_the_text(signature_png):
    box = Box(330, 120, 530, 210)
    pdf = render_appearance(
        box=box,
        seal=False,
        lines=person_lines(name="Lăng Văn Hùng", title="Giám đốc Sở", at=AT),
        image_png=signature_png,
    )
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (200.0, 90.0)
    text = " ".join(text_of(pdf).split())
    assert "Ký bởi: Lăng Văn Hùng" in text
    assert "Chức vụ: Giám đốc Sở" in text
    assert "Thời gian: 2026-03-02T09:30:05+07:00" in text


def test_seal_appearance_is_a_square(seal_png):
    box = seal_box(Box(330, 120, 530, 210))
    pdf = render_appearance(
        box=box, seal=True, lines=seal_lines(agency_name="Sở Tư pháp", at=AT), image_png=seal_png
    )
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (90.0, 90.0)
    assert "Sở Tư pháp" in text_of(pdf)


def test_text_only_appearance_without_image():
    pdf = render_appearance(
        box=Box(0, 0, 180, 60), seal=False, lines=["Ký bởi: Nguyễn Văn A"], image_png=None
    )
    assert "Ký bởi: Nguyễn Văn A" in text_of(pdf)


def test_user_text_is_not_typst_markup():
    pdf = render_appearance(
        box=Box(0, 0, 180, 60), seal=False, lines=['#panic("x") *đậm* $x$'], image_png=None
    )
    assert '#panic("x") *đậm* $x$' in text_of(pdf)


@pytest.mark.parametrize(
    ("box", "message"),
    [
        ((0, 0, 10, 10), "Khung chữ ký phải rộng và cao từ 20 đến 600 điểm PDF."),
        ((0, 0, 1000, 100), "Khung chữ ký phải rộng và cao từ 20 đến 600 điểm PDF."),
        (("a", 0, 100, 100), "Vị trí chữ ký phải gồm 4 số (x1, y1, x2, y2)."),
    ],
)
def test_bad_boxes_are_refused(box, message):
    with pytest.raises(ValidationError) as error:
        Box.of(box)
    assert error.value.messages == [message]


def test_box_corners_may_come_in_any_order():
    assert Box.of((530, 210, 330, 120)) == Box(330, 120, 530, 210)
