"""The typst rendering helper: text, embedded fonts, PDF/A, reproducibility and errors."""

import io
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from cqdt.core.pdf import FONTS_DIR, PdfRenderError, render_pdf

VIETNAMESE = "Ủy ban nhân dân xã Đồng Đăng — Nguyễn Thị Ánh Tuyết, ngõ 7 phố Lương Văn Can, Hà Nội"
# Every precomposed letter Vietnamese uses, in both cases, plus the đồng sign.
ALPHABET = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹăđĩũơư₫"

TEMPLATE = """\
#let data = json(bytes(sys.inputs.data))
#set page(paper: "a4")
#set text(font: "Liberation Serif", size: 13pt, lang: "vi")
#data.line

#text(weight: "bold", data.bold)

#text(style: "italic", data.italic)
"""


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "sample.typ"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


def squash(text: str) -> str:
    """NFC text without white space, so a line break in the PDF does not decide a test."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def pdf_text(pdf: bytes) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def font_names(pdf: bytes) -> dict[str, bool]:
    """Each font the pages use → whether its TrueType program is embedded in the file."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            # subset fonts are named "ABCDEF+Family-Style"
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = "/FontFile2" in descriptor
    return fonts


def sample(**overrides: str) -> dict[str, str]:
    return {"line": VIETNAMESE, "bold": ALPHABET.upper(), "italic": ALPHABET} | overrides


def test_vietnamese_text_round_trips(template: Path) -> None:
    pdf = render_pdf(template, sample())

    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert squash(VIETNAMESE) in text
    assert squash(ALPHABET.upper()) in text
    assert squash(ALPHABET) in text


def test_only_the_shipped_serif_is_used_and_it_is_embedded(template: Path) -> None:
    fonts = font_names(render_pdf(template, sample()))

    assert fonts == {"LiberationSerif": True, "LiberationSerif-Bold": True, "LiberationSerif-Italic": True}


def test_the_font_files_ship_with_their_licence() -> None:
    names = sorted(p.name for p in FONTS_DIR.iterdir())

    assert names == [
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-Regular.ttf",
        "OFL.txt",
    ]
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS_DIR / "OFL.txt").read_text(encoding="utf-8")


def test_data_is_set_as_text_never_evaluated(template: Path) -> None:
    hostile = '*đậm* _nghiêng_ #eval("1 + 1") $x^2$ <nhãn> @tham-chiếu'

    text = pdf_text(render_pdf(template, sample(line=hostile)))

    assert squash(hostile) in text


def test_pdf_a_2b_is_declared_in_the_metadata(template: Path) -> None:
    reader = PdfReader(io.BytesIO(render_pdf(template, sample(), pdf_standard="a-2b")))

    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.pdfaid_part == "2"
    assert xmp.pdfaid_conformance == "B"


def test_without_a_standard_no_pdf_a_claim_is_made(template: Path) -> None:
    pdf = render_pdf(template, sample())

    assert b"pdfaid:part" not in pdf


def test_a_fixed_timestamp_gives_identical_bytes(template: Path) -> None:
    when = datetime(2026, 1, 5, 1, 30, 15, 123456, tzinfo=UTC)

    first = render_pdf(template, sample(), timestamp=when)
    second = render_pdf(template, sample(), timestamp=when)

    assert first == second
    assert PdfReader(io.BytesIO(first)).metadata.creation_date == when.replace(microsecond=0)  # type: ignore[union-attr]


def test_a_missing_template_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PdfRenderError, match="Không tìm thấy mẫu in"):
        render_pdf(tmp_path / "absent.typ", {})


def test_a_syntax_error_names_the_template(tmp_path: Path) -> None:
    broken = tmp_path / "broken.typ"
    broken.write_text("#let x = (\n", encoding="utf-8")

    with pytest.raises(PdfRenderError, match=r"^broken\.typ: unclosed delimiter"):
        render_pdf(broken, {})


def test_a_missing_value_is_an_error(template: Path) -> None:
    with pytest.raises(PdfRenderError, match='dictionary does not contain key "italic"'):
        render_pdf(template, {"line": "a", "bold": "b"})


def test_a_font_fallback_warning_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "font.typ"
    path.write_text('#set text(font: "Times New Roman")\nXin chào\n', encoding="utf-8")

    with pytest.raises(PdfRenderError, match="unknown font family: times new roman"):
        render_pdf(path, {})
