"""The one-stop slips of Circular 01/2018/TT-VPCP (Mẫu 01–05) as PDF, rendered with typst.

Each function reads what it needs in a fixed number of queries (`data.py`), fills the template in
`templates/` and returns PDF/A-2b bytes with the fonts embedded.
"""

from pathlib import Path

from cqdt.core.pdf import PdfStandard, render_pdf
from cqdt.dossiers.models import Apology, Dossier, DossierPause
from cqdt.dossiers.slips import data

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Slips are kept with the dossier for years: archive-grade PDF costs nothing measurable with typst.
PDF_STANDARD: PdfStandard = "a-2b"

__all__ = [
    "render_apology",
    "render_process_control",
    "render_receipt",
    "render_refusal",
    "render_supplement_request",
]


def render_receipt(dossier: Dossier) -> bytes:
    """Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with the tracking QR code."""
    return render_pdf(TEMPLATES / "receipt.typ", data.receipt_data(dossier), pdf_standard=PDF_STANDARD)


def render_supplement_request(dossier: Dossier, pause: DossierPause) -> bytes:
    """Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, for one pause of the dossier."""
    slip = data.supplement_request_data(dossier, pause)
    return render_pdf(TEMPLATES / "supplement_request.typ", slip, pdf_standard=PDF_STANDARD)


def render_refusal(dossier: Dossier, reason: str) -> bytes:
    """Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    return render_pdf(
        TEMPLATES / "refusal.typ", data.refusal_data(dossier, reason), pdf_standard=PDF_STANDARD
    )


def render_apology(apology: Apology) -> bytes:
    """Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả (marked as a draft until approved)."""
    return render_pdf(TEMPLATES / "apology.typ", data.apology_data(apology), pdf_standard=PDF_STANDARD)


def render_process_control(dossier: Dossier) -> bytes:
    """Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ, from the hand-offs in the history."""
    slip = data.process_control_data(dossier)
    return render_pdf(TEMPLATES / "process_control.typ", slip, pdf_standard=PDF_STANDARD)
