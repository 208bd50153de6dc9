"""PDF rendering with typst: a `.typ` template plus a JSON-serialisable dict gives PDF bytes.

The template reads its data with `#let data = json(bytes(sys.inputs.data))`. Values arrive as typst
strings and are set as text, never evaluated as markup, so user input cannot inject typst code.
Only the fonts shipped in `cqdt/core/fonts/` (Liberation Serif, metric-compatible with Times New Roman,
full Vietnamese coverage) and typst's own embedded fonts are visible, so a render is the same on every
machine; every font used is embedded (subset) in the PDF.
"""

import json
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import typst

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
# The family the templates set; Vietnamese official documents use a Times New Roman style serif.
FONT_FAMILY = "Liberation Serif"

PdfStandard = Literal["a-2b", "a-2u", "a-3b", "a-3u"]


class PdfRenderError(RuntimeError):
    """A template failed to compile, or compiled with warnings (a missing font, an unknown field)."""


@lru_cache(maxsize=1)
def _fonts() -> typst.Fonts:
    # Scanning fonts is the slow part of a typst run; do it once per process, without system fonts.
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(FONTS_DIR)])


_compilers: dict[Path, tuple[threading.Lock, typst.Compiler]] = {}
_compilers_lock = threading.Lock()


def _compiler(template: Path) -> tuple[threading.Lock, typst.Compiler]:
    """One compiler per template and process, reused so typst's caches survive between renders."""
    with _compilers_lock:
        entry = _compilers.get(template)
        if entry is None:
            compiler = typst.Compiler(input=str(template), root=str(template.parent), font_paths=_fonts())
            entry = (threading.Lock(), compiler)
            _compilers[template] = entry
        return entry


def render_pdf(
    template: Path,
    data: Mapping[str, Any],
    *,
    pdf_standard: PdfStandard | None = None,
    timestamp: datetime | None = None,
) -> bytes:
    """Compiles `template` with `data` (available as `sys.inputs.data`, JSON) and returns the PDF bytes.

    `pdf_standard` asks typst for PDF/A conformance (e.g. "a-2b" for archived results). `timestamp`
    is the document's creation date (default: now); pass a fixed one for byte-identical output.
    Warnings are errors: a template that falls back to another font or misses a value is a defect.
    """
    template = template.resolve()
    if not template.is_file():
        raise PdfRenderError(f"Không tìm thấy mẫu in {template}.")
    created = (timestamp or datetime.now(UTC)).replace(microsecond=0)
    lock, compiler = _compiler(template)
    try:
        with lock:
            result, warnings = compiler.compile_with_warnings(
                format="pdf",
                sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                pdf_standards=[pdf_standard] if pdf_standard else [],
                timestamp=created,
            )
    except typst.TypstError as exc:
        raise PdfRenderError(f"{template.name}: {exc.message}\n{exc.diagnostic}") from exc
    if warnings:
        details = "; ".join(w.message for w in warnings)
        raise PdfRenderError(f"{template.name}: typst cảnh báo: {details}")
    if not isinstance(result, bytes):
        raise PdfRenderError(f"{template.name}: typst không trả về tệp PDF.")
    return result
