"""Checks on uploaded files and the text of PDFs.

Types are detected from the bytes, never from the name. A PDF must open, have pages, not be encrypted and
carry no active content (JavaScript, launch actions, embedded files) — checked on the parsed structure
with pypdf rather than by looking for byte patterns, which also occur by chance inside compressed streams.

pypdf is imported inside the functions that parse a PDF: this module is imported by every web process (forms,
services) and pypdf would add tens of megabytes to each.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import filetype
import structlog
from django.conf import settings
from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from pypdf import PdfReader

log = structlog.get_logger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"

EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", JPEG: "jpg", PNG: "png"}
LABELS = {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", JPEG: "JPG", PNG: "PNG"}

MAIN_TYPES = frozenset({PDF})
DRAFT_TYPES = frozenset({PDF, DOCX})
ATTACHMENT_TYPES = frozenset({PDF, DOCX, XLSX, JPEG, PNG})

_MAX_ZIP_RATIO = 100
_MAX_ZIP_ENTRIES = 2_000
_MAX_TEXT_CHARACTERS = 500_000
_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE"})


class Upload(Protocol):
    """What the checks read from an uploaded file (Django's UploadedFile, ninja's, a test file)."""

    @property
    def name(self) -> str | None: ...

    @property
    def size(self) -> int | None: ...

    def chunks(self, chunk_size: int | None = None) -> Any: ...


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str
    page_count: int | None

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def _too_big(name: str) -> ValidationError:
    limit = settings.CQDT_UPLOAD_MAX_BYTES // (1024 * 1024)
    return ValidationError(f"Tệp “{name}” vượt quá dung lượng cho phép ({limit} MB).")


def _ooxml_type(name: str, content: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return None
    entries = archive.infolist()
    expanded = sum(entry.file_size for entry in entries)
    if len(entries) > _MAX_ZIP_ENTRIES or expanded > max(len(content), 1) * _MAX_ZIP_RATIO:
        raise ValidationError(f"Tệp “{name}” có dấu hiệu “bom nén”; tệp bị từ chối.")
    names = {entry.filename for entry in entries}
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _is_active_action(action: Any) -> bool:
    from pypdf.generic import DictionaryObject

    action = _resolved(action)
    return isinstance(action, DictionaryObject) and action.get("/S") in _ACTIVE_ACTIONS


def _resolved(value: Any) -> Any:
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def _has_active_content(reader: PdfReader) -> bool:
    from pypdf.generic import ArrayObject, DictionaryObject

    root = _resolved(reader.trailer["/Root"])
    if not isinstance(root, DictionaryObject):
        raise ValueError("PDF without a catalog")
    if "/AA" in root or _is_active_action(root.get("/OpenAction")):
        return True
    names = _resolved(root.get("/Names"))
    if isinstance(names, DictionaryObject) and ("/JavaScript" in names or "/EmbeddedFiles" in names):
        return True
    for page in reader.pages:
        if "/AA" in page:
            return True
        annotations = _resolved(page.get("/Annots"))
        if not isinstance(annotations, ArrayObject):
            continue
        for annotation in annotations:
            item = annotation.get_object()
            if item.get("/Subtype") == "/FileAttachment" or _is_active_action(item.get("/A")):
                return True
    return False


def _inspect_pdf(name: str, content: bytes) -> int:
    """The page count of a PDF fit for the document flow; ValidationError otherwise."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise ValidationError(f"Tệp PDF “{name}” được đặt mật khẩu; vui lòng gửi bản không đặt mật khẩu.")
        pages = len(reader.pages)
        active = _has_active_content(reader)
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError) as error:
        raise ValidationError(f"Tệp “{name}” không phải là tệp PDF hợp lệ.") from error
    if pages == 0:
        raise ValidationError(f"Tệp PDF “{name}” không có trang nào.")
    if active:
        raise ValidationError(
            f"Tệp PDF “{name}” chứa mã thực thi hoặc tệp nhúng; vui lòng gửi bản PDF thông thường."
        )
    return pages


def check_content(name: str, content: bytes, *, allowed: frozenset[str]) -> CheckedFile:
    """Check bytes already in memory (an upload, a signed PDF); ValidationError in Vietnamese if unfit."""
    name = (name or "tep").replace("\\", "/").rsplit("/", 1)[-1][:200] or "tep"
    if len(content) > settings.CQDT_UPLOAD_MAX_BYTES:
        raise _too_big(name)
    if not content:
        raise ValidationError(f"Tệp “{name}” rỗng.")
    kind = filetype.guess(content)
    mime = kind.mime if kind else None
    if mime == "application/zip" or (mime or "").startswith("application/vnd.openxmlformats"):
        mime = _ooxml_type(name, content)
    if mime not in allowed:
        accepted = ", ".join(sorted(LABELS[item] for item in allowed))
        raise ValidationError(
            f"Tệp “{name}” không thuộc định dạng được chấp nhận ({accepted}); "
            "định dạng được xác định theo nội dung tệp, không theo tên tệp."
        )
    page_count = _inspect_pdf(name, content) if mime == PDF else None
    return CheckedFile(
        name=name,
        content=content,
        content_type=mime,
        sha256=hashlib.sha256(content).hexdigest(),
        page_count=page_count,
    )


def check_upload(upload: Upload, *, allowed: frozenset[str]) -> CheckedFile:
    """Read an uploaded file (stopping past the size limit) and check it."""
    name = upload.name or "tep"
    if upload.size is not None and upload.size > settings.CQDT_UPLOAD_MAX_BYTES:
        raise _too_big(name)
    buffer = io.BytesIO()
    for chunk in upload.chunks():
        buffer.write(chunk)
        if buffer.tell() > settings.CQDT_UPLOAD_MAX_BYTES:
            raise _too_big(name)
    return check_content(name, buffer.getvalue(), allowed=allowed)


def pdf_text(content: bytes) -> str:
    """The text layer of a PDF (empty for a scan without OCR or a PDF pypdf cannot read)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        parts = []
        length = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length > _MAX_TEXT_CHARACTERS:
                break
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError):
        log.warning("pdf_text_failed", exc_info=True)
        return ""
    return "\n".join(parts)[:_MAX_TEXT_CHARACTERS]
