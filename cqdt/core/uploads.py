"""Checks on uploaded files: size, type by content (not by name), archive bombs; SHA-256 while reading.

Shared by every app that accepts files from outside (the back office, the citizen portal). Nothing is
stored here: callers store the checked bytes only when every file of a request passed.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# Types accepted for dossier components and results, detected from the bytes.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
_OOXML_ZIP = "application/zip"
_MAX_ZIP_RATIO = 100
_MAX_ZIP_ENTRIES = 2_000


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str


def _ooxml_type(content: bytes) -> str | None:
    """docx/xlsx are zip archives; tell them apart by their parts, refusing archive bombs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return None
    entries = archive.infolist()
    if len(entries) > _MAX_ZIP_ENTRIES:
        raise ValidationError("Tệp nén chứa quá nhiều thành phần; tệp bị từ chối.")
    expanded = sum(entry.file_size for entry in entries)
    if expanded > settings.CQDT_UPLOAD_MAX_BYTES * 4 or expanded > max(len(content), 1) * _MAX_ZIP_RATIO:
        raise ValidationError("Tệp có dấu hiệu “bom nén” (dung lượng giải nén bất thường); tệp bị từ chối.")
    names = {entry.filename for entry in entries}
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def _contains_pdf_script(content: bytes) -> bool:
    return any(marker in content for marker in (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile"))


def _size_label(size: int) -> str:
    """20971520 → "20 MB", 2048 → "2 KB" (Vietnamese decimal comma where needed)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",") + " MB"
    return f"{max(size // 1024, 1)} KB"


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Return the checked file or raise ValidationError with a Vietnamese message; nothing is stored here."""
    name = (upload.name or "tep").rsplit("/", 1)[-1][:200]
    limit = settings.CQDT_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(f"Tệp “{name}” vượt quá dung lượng cho phép ({_size_label(limit)}).")
    digest = hashlib.sha256()
    buffer = io.BytesIO()
    for chunk in upload.chunks():
        digest.update(chunk)
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise ValidationError(f"Tệp “{name}” vượt quá dung lượng cho phép ({_size_label(limit)}).")
    content = buffer.getvalue()
    if not content:
        raise ValidationError(f"Tệp “{name}” rỗng.")
    kind = filetype.guess(content)
    mime = kind.mime if kind else None
    if mime == _OOXML_ZIP or (mime and mime.startswith("application/vnd.openxmlformats")):
        mime = _ooxml_type(content)
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            f"Tệp “{name}” không thuộc định dạng được chấp nhận (PDF, JPG, PNG, DOCX, XLSX); "
            "định dạng được xác định theo nội dung tệp, không theo tên tệp."
        )
    if mime == "application/pdf" and _contains_pdf_script(content):
        raise ValidationError(
            f"Tệp PDF “{name}” chứa mã thực thi hoặc tệp nhúng; vui lòng nộp bản PDF thông thường."
        )
    return CheckedFile(name=name, content=content, content_type=mime, sha256=digest.hexdigest())
