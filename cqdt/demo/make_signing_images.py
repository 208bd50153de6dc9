"""Draws the demo signature (blue) and seal (red) images with typst and writes them to `data/`.

Run `python -m cqdt.demo.make_signing_images` to regenerate them; the PNG files are committed so the demo
does not depend on this script. Both have a transparent background, as the rules for electronic signature
images require (Decree 30/2020, Appendix I). They are obviously demo images: the seal says "MẪU".
"""

import sys
from pathlib import Path

import typst

from cqdt.core.pdf import FONTS_DIR

DATA_DIR = Path(__file__).resolve().parent / "data"
SIGNATURE_PNG = DATA_DIR / "demo_signature_stp_lanhdao.png"
SEAL_PNG = DATA_DIR / "demo_seal_ls_stp.png"

_SIGNATURE = r"""
#set page(width: 60mm, height: 24mm, margin: 0pt, fill: none)
#let ink = rgb("#1a3a9e")
#place(left + top, dx: 4mm, dy: 1mm,
  text(font: "Liberation Serif", style: "italic", size: 34pt, fill: ink, tracking: -1.5pt)[Hùng])
#place(left + top, curve(
  stroke: (paint: ink, thickness: 1.1pt, cap: "round"),
  curve.move((3mm, 19mm)),
  curve.cubic((20mm, 13mm), (40mm, 22mm), (57mm, 12mm)),
  curve.cubic((47mm, 15mm), (30mm, 20mm), (14mm, 21mm)),
))
"""

_SEAL = r"""
#let d = 40mm
#set page(width: d, height: d, margin: 0pt, fill: none)
#let ink = rgb("#c8102e")
#set text(font: "Liberation Serif", fill: ink, weight: "bold")
#place(center + horizon, circle(radius: d / 2 - 0.6mm, stroke: 1.2mm + ink))
#place(center + horizon, circle(radius: d / 2 - 8.2mm, stroke: 0.5mm + ink))
// The agency's name around the upper rim, the province along the lower rim, one glyph at a time.
#let rim(label, from, to, r) = {
  let glyphs = label.clusters()
  let n = glyphs.len()
  for (i, g) in glyphs.enumerate() {
    let a = from + (to - from) * (i + 0.5) / n
    place(center + horizon, dx: r * calc.cos(a), dy: -r * calc.sin(a),
      rotate(90deg - a, text(size: 7.5pt, g)))
  }
}
#rim("SỞ TƯ PHÁP • TỈNH LẠNG SƠN", 205deg, -25deg, 15.6mm)
#rim("★", 250deg, 290deg, 15.6mm)
#place(center + horizon, dy: -1.5mm, text(size: 16pt, "★"))
#place(center + horizon, dy: 4.2mm, text(size: 7pt, "MẪU"))
"""


def render(source: str) -> bytes:
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(FONTS_DIR)])
    result = typst.compile(source.encode(), format="png", ppi=300, font_paths=fonts)
    if not isinstance(result, bytes):
        raise RuntimeError("typst did not return a single PNG page")
    return result


def main() -> int:
    SIGNATURE_PNG.write_bytes(render(_SIGNATURE))
    SEAL_PNG.write_bytes(render(_SEAL))
    sys.stdout.write(f"{SIGNATURE_PNG}\n{SEAL_PNG}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
