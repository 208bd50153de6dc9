"""Helpers that damage or extend signed PDFs the way an attacker or a careless tool would."""

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

# Typst writes "%PDF-1.7\n%\x80\x80\x80\x80\n": byte 10 is inside the binary comment, so changing it keeps
# the file readable while changing what every signature covers.
HEADER_COMMENT_OFFSET = 10


def flip_header_byte(pdf: bytes) -> bytes:
    assert pdf[HEADER_COMMENT_OFFSET] == 0x80
    return pdf[:HEADER_COMMENT_OFFSET] + b"\x81" + pdf[HEADER_COMMENT_OFFSET + 1 :]


def forge_signature_value(pdf: bytes, index: int = 0) -> bytes:
    """Change one byte of the signature value inside the CMS of signature `index` (its DER stays valid)."""
    reader = PdfFileReader(io.BytesIO(pdf))
    byte_range = [int(v) for v in reader.embedded_signatures[index].sig_object["/ByteRange"]]
    hex_start = byte_range[1] + 1  # after "<"
    contents = bytes.fromhex(pdf[hex_start : byte_range[2] - 1].decode("ascii"))
    assert contents[:2] == b"\x30\x82"
    cms_length = 4 + int.from_bytes(contents[2:4], "big")
    # The signature value closes the SignerInfo, the last element of the CMS (no unsigned attributes here).
    position = hex_start + 2 * (cms_length - 5)
    original = pdf[position : position + 2]
    replacement = b"00" if original != b"00" else b"11"
    return pdf[:position] + replacement + pdf[position + 2 :]


def append_page_text(pdf: bytes, text: bytes = b"SUA DOI SAU KHI KY") -> bytes:
    """An incremental update that draws new text on page 1: a change no signature policy allows."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    stream = generic.StreamObject(stream_data=b"BT /Helvetica 24 Tf 100 700 Td (" + text + b") Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def add_javascript(pdf: bytes) -> bytes:
    """An incremental update that makes the document run JavaScript when opened."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.root["/OpenAction"] = generic.DictionaryObject(
        {
            generic.NameObject("/S"): generic.NameObject("/JavaScript"),
            generic.NameObject("/JS"): generic.TextStringObject("app.alert('xin chào');"),
        }
    )
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
