"""Opening untrusted PDF bytes: size limit, header, structure, encryption and active content (JavaScript).

Anything a hostile file can make the parser raise becomes a Vietnamese `ValidationError`, never a 500.

pyHanko is imported inside the functions that parse: forms and the API import this module for the size
limit, and pyHanko would add tens of megabytes to every web process.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import structlog
from django.conf import settings
from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

log = structlog.get_logger(__name__)

DEFAULT_MAX_PDF_BYTES = 20 * 1024 * 1024
# Walking more objects than this to look for JavaScript is itself a sign of a hostile file.
MAX_OBJECTS_WALKED = 200_000
_HEADER_WINDOW = 1024


def human_size(size: int) -> str:
    """1 MB = 1,048,576 bytes; whole units when exact, one decimal otherwise."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}".replace(".", ",")
    return f"{size} byte"


def max_pdf_bytes() -> int:
    return int(getattr(settings, "CQDT_SIGNING_MAX_PDF_BYTES", DEFAULT_MAX_PDF_BYTES))


def check_size_and_header(pdf: bytes) -> None:
    limit = max_pdf_bytes()
    if len(pdf) > limit:
        raise ValidationError(f"Tệp PDF quá lớn ({human_size(len(pdf))}); giới hạn là {human_size(limit)}.")
    if not pdf:
        raise ValidationError("Tệp rỗng, không phải tệp PDF.")
    if b"%PDF-" not in pdf[:_HEADER_WINDOW]:
        raise ValidationError("Tệp không phải là tệp PDF.")


def open_pdf(pdf: bytes) -> PdfFileReader:
    """A strict pyHanko reader over `pdf`, after the size and header checks."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    check_size_and_header(pdf)
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=True)
        reader.root  # noqa: B018  (forces the catalogue to be read now)
        encrypted = reader.encrypted
    except Exception as error:  # a hostile file can make the parser raise anything
        log.info("signing.pdf_unreadable", error=type(error).__name__)
        raise ValidationError("Tệp PDF bị lỗi cấu trúc, không đọc được.") from None
    if encrypted:
        raise ValidationError("Tệp PDF đã được đặt mật khẩu (mã hóa); hãy gỡ mật khẩu trước.")
    return reader


def _is_javascript(dictionary: generic.DictionaryObject) -> bool:
    from pyhanko.pdf_utils import generic

    if "/JS" in dictionary or "/JavaScript" in dictionary:
        return True
    kind = dictionary.raw_get("/S") if "/S" in dictionary else None
    return isinstance(kind, generic.NameObject) and kind == "/JavaScript"


def contains_javascript(reader: PdfFileReader) -> bool:
    """True when any object reachable from the trailer is a JavaScript action or name tree."""
    from pyhanko.pdf_utils import generic

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer_view]
    walked = 0
    while stack:
        item = stack.pop()
        if isinstance(item, generic.IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                item = item.get_object()
            except Exception:  # noqa: S112  (a dangling reference is not JavaScript)
                continue
        walked += 1
        if walked > MAX_OBJECTS_WALKED:
            raise ValidationError("Tệp PDF có cấu trúc bất thường (quá nhiều đối tượng).")
        if isinstance(item, generic.DictionaryObject):
            if _is_javascript(item):
                return True
            stack.extend(item.raw_get(key) for key in item)
        elif isinstance(item, generic.ArrayObject):
            stack.extend(item.raw_get(index) for index in range(len(item)))
    return False
