"""Visible signature appearances, drawn with typst (the project's fonts, full Vietnamese), placed by pyHanko.

A person's appearance: the signature image (blue) across the top of the box and the text "Ký bởi / Chức vụ /
Thời gian" in its right two thirds. An agency's appearance: the seal image (red) in a square whose right edge
sits one third into the person's box, so the seal overlaps the left third of the signature as on paper
(Decree 30/2020/NĐ-CP, Appendix I), with the agency's name and the signing time under it.
"""

import io
import struct
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from pyhanko.pdf_utils import content, generic, layout
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.stamp import StaticStampStyle

from cqdt.core.pdf import PdfRenderError, render_pdf

TEMPLATE = Path(__file__).resolve().parent / "templates" / "appearance.typ"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 4000
MIN_BOX_SIDE = 20.0
MAX_BOX_SIDE = 600.0


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, origin at the bottom left of the page."""

    x1: float
    y1: float
    x2: float
    y2: float

    @classmethod
    def of(cls, values: tuple[float, float, float, float]) -> "Box":
        try:
            x1, y1, x2, y2 = (float(value) for value in values)
        except (TypeError, ValueError):
            raise ValidationError("Vị trí chữ ký phải gồm 4 số (x1, y1, x2, y2).") from None
        box = cls(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
        if not (MIN_BOX_SIDE <= box.width <= MAX_BOX_SIDE and MIN_BOX_SIDE <= box.height <= MAX_BOX_SIDE):
            raise ValidationError(
                f"Khung chữ ký phải rộng và cao từ {MIN_BOX_SIDE:g} đến {MAX_BOX_SIDE:g} điểm PDF."
            )
        return box

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x1, self.y1, self.x2, self.y2)


def seal_box(person_box: Box) -> Box:
    """The seal's square: as tall as the person's box, its right edge one third into that box."""
    right = round(person_box.x1 + person_box.width / 3, 2)
    return Box(round(right - person_box.height, 2), person_box.y1, right, person_box.y2)


def signing_time_text(at: datetime) -> str:
    """ISO 8601 in Vietnam time with its offset, e.g. 2026-03-02T09:30:00+07:00."""
    zone = ZoneInfo(getattr(settings, "CQDT_LEGAL_TIME_ZONE", "Asia/Ho_Chi_Minh"))
    return at.astimezone(zone).isoformat(timespec="seconds")


def person_lines(*, name: str, title: str, at: datetime) -> list[str]:
    lines = [f"Ký bởi: {name}"]
    if title:
        lines.append(f"Chức vụ: {title}")
    lines.append(f"Thời gian: {signing_time_text(at)}")
    return lines


def seal_lines(*, agency_name: str, at: datetime) -> list[str]:
    return [agency_name, signing_time_text(at)]


def check_png(data: bytes) -> None:
    """A PNG of sane size; its pixels are checked by typst when an appearance is drawn."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError("Ảnh chữ ký/con dấu quá lớn (tối đa 2 MB).")
    if len(data) < 33 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise ValidationError("Ảnh chữ ký/con dấu phải là tệp PNG.")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
        raise ValidationError(f"Ảnh chữ ký/con dấu phải có kích thước từ 1 đến {MAX_IMAGE_SIDE} điểm ảnh.")


def render_appearance(*, box: Box, seal: bool, lines: list[str], image_png: bytes | None) -> bytes:
    """A one-page PDF exactly the size of `box`, transparent, with the image and the text."""
    data = {
        "width": box.width,
        "height": box.height,
        "kind": "seal" if seal else "person",
        "colour": "red" if seal else "blue",
        "lines": lines,
        "image": list(image_png) if image_png else None,
    }
    try:
        return render_pdf(TEMPLATE, data)
    except PdfRenderError:
        raise ValidationError("Không vẽ được hình chữ ký: ảnh PNG bị hỏng hoặc không hỗ trợ.") from None


class ImportedPdfBytes(content.PdfContent):
    """The first page of an in-memory PDF as a form XObject (pyHanko's ImportedPdfPage reads a file)."""

    def __init__(self, pdf: bytes) -> None:
        super().__init__()
        self.pdf = pdf

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.pdf)), page_ix=0)
        name = generic.NameObject("/Appearance" + uuid.uuid4().hex)
        self.resources.xobject[name] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return name.encode("ascii") + b" Do"


def stamp_style(appearance_pdf: bytes) -> StaticStampStyle:
    """pyHanko's style drawing exactly our appearance: no border, full opacity, no margins."""
    return StaticStampStyle(
        background=ImportedPdfBytes(appearance_pdf),
        border_width=0,
        background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
    )
