"""A handful of small, valid one-page PDFs, stored once and referenced by many generated file rows.

A province's dossiers carry millions of scans; storing a copy for each generated row would only measure
the disk. Each sample is a real PDF (readable by any viewer, checked by pypdf in the tests) and every
row that points at it records its real size and SHA-256, so downloads and integrity checks behave as
they would with distinct files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

STORAGE_DIR = "dossiers/generated"

# (file name, lines of text); Helvetica has no Vietnamese glyphs, so the page text is unaccented.
SAMPLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("to-khai.pdf", ("TO KHAI (du lieu sinh tu dong)", "Ban chup mau de kiem thu hieu nang CQDT.")),
    ("giay-to-tuy-than.pdf", ("GIAY TO TUY THAN (ban chup mau)", "Du lieu sinh tu dong, khong co that.")),
    ("giay-to-kem-theo.pdf", ("GIAY TO KEM THEO (ban chup mau)", "Du lieu sinh tu dong.")),
    ("ho-so-bo-sung.pdf", ("HO SO BO SUNG (ban chup mau)", "Du lieu sinh tu dong.")),
    ("ket-qua.pdf", ("VAN BAN KET QUA GIAI QUYET (mau)", "Du lieu sinh tu dong, khong co gia tri phap ly.")),
)
SUBMISSION, IDENTITY, ATTACHMENT, SUPPLEMENT, RESULT = range(5)


@dataclass(frozen=True)
class StoredSample:
    name: str  # the storage name, as DossierFile.file holds it
    original_name: str
    size: int
    sha256: str


def minimal_pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page A4 PDF 1.4 with `lines` of ASCII text in Helvetica."""
    text = "BT /F1 14 Tf 72 770 Td 18 TL " + " ".join(f"({_escape(line)}) Tj T*" for line in lines) + " ET"
    stream = text.encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def store_samples() -> list[StoredSample]:
    """Write the samples to the default storage unless an identical file is already there."""
    stored = []
    for file_name, lines in SAMPLES:
        content = minimal_pdf(lines)
        name = f"{STORAGE_DIR}/{file_name}"
        if not default_storage.exists(name) or _read(name) != content:
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(content))
            if saved != name:  # another file took the name in between: keep what was saved
                name = saved
        stored.append(StoredSample(name, file_name, len(content), hashlib.sha256(content).hexdigest()))
    return stored


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()
