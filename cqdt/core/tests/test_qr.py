"""QR codes: the SVG draws exactly the modules of the symbol, with the quiet zone around it."""

import re

import segno

from cqdt.core.qr import QUIET_ZONE, qr_matrix, qr_svg

URL = "http://127.0.0.1:8000/tra-cuu/000.00.30.H99-260105-0007"


def svg_modules(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """The SVG's size in modules and the dark modules its stroked path draws, as (row, column)."""
    size = int(re.search(r'width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    path = re.search(r'<path class="qrline"[^>]* d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, first, second in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:  # a horizontal run of dark modules along the middle of a row
            for column in range(int(x), int(x + float(first))):
                dark.add((int(y), column))
            x += float(first)
    return size, dark


def test_the_svg_draws_the_symbol_inside_a_quiet_zone() -> None:
    matrix = qr_matrix(URL)
    size, dark = svg_modules(qr_svg(URL))

    assert size == len(matrix) + 2 * QUIET_ZONE
    expected = {
        (r + QUIET_ZONE, c + QUIET_ZONE)
        for r, row in enumerate(matrix)
        for c, is_dark in enumerate(row)
        if is_dark
    }
    assert dark == expected


def test_the_matrix_is_the_version_and_level_segno_chooses() -> None:
    symbol = segno.make_qr(URL, error="m", boost_error=False)

    assert symbol.version == 4
    assert symbol.error == "M"
    assert qr_matrix(URL) == [[bool(m) for m in row] for row in symbol.matrix]
    assert len(qr_matrix(URL)) == 33


def test_different_contents_give_different_symbols() -> None:
    assert qr_matrix(URL) != qr_matrix(URL.replace("0007", "0008"))


def test_the_svg_is_a_standalone_document_without_xml_declaration() -> None:
    svg = qr_svg(URL)

    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="41" height="41"')
    assert svg.endswith("</svg>\n")
    assert "<?xml" not in svg
