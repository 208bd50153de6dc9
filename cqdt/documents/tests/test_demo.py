"""The demo documents of Sở Tư pháp tỉnh Lạng Sơn: every stage present, and a second run changes nothing."""

import pytest

from cqdt.core.models import AuditRecord
from cqdt.demo.documents import seed_demo_documents
from cqdt.demo.province import seed_demo_staff, seed_lang_son_directory
from cqdt.documents.models import IncomingDocument, OutgoingDocument, OutgoingVersion

pytestmark = pytest.mark.django_db


def _state():
    return (
        sorted(IncomingDocument.objects.values_list("agency__internal_code", "status", "summary")),
        sorted(OutgoingDocument.objects.values_list("status", "number", "notation")),
        OutgoingVersion.objects.count(),
        AuditRecord.objects.filter(action__regex=r"^(incoming|outgoing)\.").count(),
    )


def test_demo_documents_at_every_stage_and_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_lang_son_directory()
    seed_demo_staff()
    seed_demo_documents()
    first = _state()
    incoming, outgoing, versions, _ = first
    letter = "V/v hướng dẫn thực hiện chứng thực bản sao điện tử từ bản chính"
    assert incoming == [
        ("LS.P.TAMTHANH", "received", letter),
        ("LS.SNV", "received", letter),
        ("LS.STP", "completed", "Về việc cử công chức tham gia lớp bồi dưỡng kỹ năng chứng thực điện tử"),
        (
            "LS.STP",
            "in_progress",
            "Kế hoạch triển khai công tác phổ biến, giáo dục pháp luật trên địa bàn tỉnh năm 2026",
        ),
        ("LS.STP", "registered", "Về việc báo cáo kết quả công tác hòa giải ở cơ sở năm 2025"),
    ]
    assert outgoing == [("draft", None, ""), ("issued", 1, "STP-HCTP"), ("pending_approval", None, "")]
    assert (
        versions == 2 + 1 + 2
    )  # the plan's two drafts, the proposal, the letter's draft and its signed scan
    seed_demo_documents()
    assert _state() == first
