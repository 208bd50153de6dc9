"""QR codes (segno) as SVG for the typst templates, and the module matrix for checking what was drawn."""

import io

import segno

# ISO/IEC 18004 asks for a quiet zone of 4 modules around the symbol; scanners rely on it on paper.
QUIET_ZONE = 4


def _make(content: str) -> segno.QRCode:
    # Level M (15 % recovery) survives a crease or a stamp on a printed slip and keeps the symbol small.
    return segno.make_qr(content, error="m", boost_error=False)


def qr_svg(content: str) -> str:
    """The QR code for `content` as a standalone SVG document (one unit per module, quiet zone included)."""
    out = io.BytesIO()
    _make(content).save(out, kind="svg", xmldecl=False, border=QUIET_ZONE, scale=1, dark="#000", light="#fff")
    return out.getvalue().decode("ascii")


def qr_matrix(content: str) -> list[list[bool]]:
    """The QR modules for `content`, row by row, without the quiet zone (True = dark)."""
    return [[bool(module) for module in row] for row in _make(content).matrix]
