"""Files for the documents tests: real PDFs (typst) with a text layer, a DOCX, a PNG."""

import io
import zipfile
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from cqdt.core.pdf import render_pdf

SAMPLE = Path(__file__).resolve().parent / "sample.typ"
FIXED = datetime(2026, 1, 5, tzinfo=UTC)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@lru_cache(maxsize=64)
def pdf_bytes(*pages: str) -> bytes:
    return render_pdf(SAMPLE, {"pages": list(pages or ("Văn bản thử nghiệm.",))}, timestamp=FIXED)


def pdf(name: str = "van-ban.pdf", *pages: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(*pages), content_type="application/pdf")


@lru_cache(maxsize=1)
def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def docx(name: str = "du-thao.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes(), content_type="application/octet-stream")


def png(name: str = "anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")
