"""Demo documents of Sở Tư pháp tỉnh Lạng Sơn at every stage, made through the documents services with the
demo staff of `cqdt.demo.province` (run `seed_demo_staff` first).

The documents are fictional: their PDFs carry the mark "VĂN BẢN MẪU — DỮ LIỆU THỬ NGHIỆM" on every page and
the numbers of the external issuers are made up. Each document is made once, found again by its summary, so a
second run changes nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cqdt.accounts.models import User
from cqdt.agencies.models import Agency
from cqdt.core.pdf import render_pdf
from cqdt.documents import services
from cqdt.documents.models import DocumentType, IncomingDocument, OutgoingDocument
from cqdt.documents.status import Channel, Urgency

TEMPLATE = Path(__file__).resolve().parents[1] / "documents" / "printing" / "templates" / "demo_document.typ"
PROVINCE = "Ủy ban nhân dân tỉnh Lạng Sơn"


@dataclass(frozen=True)
class _Sample:
    agency: str
    parent: str
    number_line: str
    title: str
    summary: str
    body: tuple[str, ...]
    recipients: str
    signer_title: str
    signer_name: str


def _month(day: date) -> str:
    """Decree 30/2020: months 1 and 2 take a leading zero in the place-and-date line."""
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def _pdf(sample: _Sample, filename: str) -> SimpleUploadedFile:
    day = timezone.localdate()
    data: dict[str, Any] = {
        "agency": sample.agency,
        "parent": sample.parent,
        "number_line": sample.number_line,
        "place_date": f"Lạng Sơn, ngày {day.day:02d} tháng {_month(day)} năm {day.year}",
        "title": sample.title,
        "summary": sample.summary,
        "body": list(sample.body),
        "recipients": sample.recipients,
        "signer_title": sample.signer_title,
        "signer_name": sample.signer_name,
    }
    return SimpleUploadedFile(filename, render_pdf(TEMPLATE, data), content_type="application/pdf")


def _people() -> dict[str, User]:
    names = ("stp.vanthu", "stp.lanhdao", "stp.lanhdaophong", "stp.chuyenvien")
    found = {user.username: user for user in User.objects.filter(username__in=names)}
    missing = sorted(set(names) - set(found))
    if missing:
        raise RuntimeError(f"Thiếu tài khoản demo {', '.join(missing)}: hãy chạy seed_demo_staff trước.")
    return found


def _incoming_exists(agency: Agency, summary: str) -> bool:
    return IncomingDocument.objects.filter(agency=agency, summary=summary).exists()


def _outgoing_exists(agency: Agency, summary: str) -> bool:
    return OutgoingDocument.objects.filter(agency=agency, summary=summary).exists()


def _register(
    clerk: User,
    agency: Agency,
    *,
    issuer: str,
    number: str,
    notation: str,
    issued: date,
    type_code: str,
    summary: str,
    signer: str,
    urgency: str = Urgency.NORMAL,
    channel: str = Channel.PAPER,
) -> IncomingDocument:
    sample = _Sample(
        agency=issuer,
        parent="",
        number_line=f"Số: {number}/{notation}",
        title=DocumentType.objects.get(code=type_code).name if type_code != "cong-van" else "",
        summary=summary,
        body=(
            "Văn bản mẫu dùng cho dữ liệu thử nghiệm của hệ thống quản lý văn bản và điều hành.",
            "Đề nghị các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ tổ chức thực hiện và báo cáo kết quả.",
        ),
        recipients="- Như trên;\n- Lưu: VT.",
        signer_title="Thủ trưởng cơ quan",
        signer_name=signer,
    )
    metadata = services.IncomingMetadata(
        issuer_name=issuer,
        number=number,
        notation=notation,
        issued_on=issued,
        document_type=DocumentType.objects.get(code=type_code),
        summary=summary,
        urgency=urgency,
        signer_name=signer,
    )
    return services.incoming_register(
        actor=clerk,
        agency=agency,
        metadata=metadata,
        main_file=_pdf(sample, f"{notation.lower()}-{number}.pdf"),
        channel=channel,
    )


def _seed_incoming(people: dict[str, User], justice: Agency, units: dict[str, Agency], today: date) -> None:
    clerk, leader = people["stp.vanthu"], people["stp.lanhdao"]
    head, specialist = people["stp.lanhdaophong"], people["stp.chuyenvien"]
    plan = "Kế hoạch triển khai công tác phổ biến, giáo dục pháp luật trên địa bàn tỉnh năm 2026"
    if not _incoming_exists(justice, plan):
        document = _register(
            clerk,
            justice,
            issuer=PROVINCE,
            number="45",
            notation="KH-UBND",
            issued=today - timedelta(days=3),
            type_code="ke-hoach",
            summary=plan,
            signer="Người ký mẫu",
            urgency=Urgency.URGENT,
        )
        services.incoming_direct(
            actor=leader,
            document=document,
            handling=services.Handling(
                lead_unit=units["LS.STP.HCTP"],
                co_units=[units["LS.STP.BTTP"]],
                deadline=today + timedelta(days=7),
            ),
            note="Giao Phòng Hành chính tư pháp chủ trì, phối hợp Phòng Bổ trợ tư pháp tham mưu triển khai.",
        )
        lead = document.handlers.get(role="lead")
        services.incoming_assign_handler(actor=head, document=document, handler=lead, user=specialist)
        services.incoming_add_note(
            actor=specialist, document=document, text="Đã dự thảo kế hoạch của Sở, đang lấy ý kiến các phòng."
        )
    report = "Về việc báo cáo kết quả công tác hòa giải ở cơ sở năm 2025"
    if not _incoming_exists(justice, report):
        _register(
            clerk,
            justice,
            issuer="Bộ Tư pháp",
            number="512",
            notation="BTP-PBGDPL",
            issued=today - timedelta(days=5),
            type_code="cong-van",
            summary=report,
            signer="Người ký mẫu",
        )
    training = "Về việc cử công chức tham gia lớp bồi dưỡng kỹ năng chứng thực điện tử"
    if not _incoming_exists(justice, training):
        document = _register(
            clerk,
            justice,
            issuer="Sở Nội vụ",
            number="88",
            notation="SNV-CCVC",
            issued=today - timedelta(days=10),
            type_code="cong-van",
            summary=training,
            signer="Người ký mẫu",
            channel=Channel.ELECTRONIC,
        )
        services.incoming_direct(
            actor=leader,
            document=document,
            handling=services.Handling(lead_user=specialist, deadline=today),
            note="Đồng chí Toàn rà soát, đề xuất danh sách.",
        )
        services.incoming_complete(
            actor=specialist, document=document, result="Đã gửi danh sách 02 công chức."
        )


def _outgoing_sample(summary: str, title: str, number_line: str) -> _Sample:
    return _Sample(
        agency="Sở Tư pháp",
        parent=PROVINCE,
        number_line=number_line,
        title=title,
        summary=summary,
        body=(
            "Văn bản mẫu dùng cho dữ liệu thử nghiệm của hệ thống quản lý văn bản và điều hành.",
            "Sở Tư pháp đề nghị các cơ quan, đơn vị phối hợp thực hiện và phản hồi trước thời hạn nêu trên.",
        ),
        recipients="- Như trên;\n- Lưu: VT, HCTP.",
        signer_title="Giám đốc",
        signer_name="Lăng Văn Hùng",
    )


def _seed_outgoing(people: dict[str, User], justice: Agency, units: dict[str, Agency]) -> None:
    clerk, leader = people["stp.vanthu"], people["stp.lanhdao"]
    head, specialist = people["stp.lanhdaophong"], people["stp.chuyenvien"]
    section = units["LS.STP.HCTP"]
    plan = "Kế hoạch kiểm tra hoạt động công chứng năm 2026"
    if not _outgoing_exists(justice, plan):
        draft = services.OutgoingDraft(
            drafting_unit=section, document_type=DocumentType.objects.get(code="ke-hoach"), summary=plan
        )
        document = services.outgoing_create(
            actor=specialist,
            draft=draft,
            upload=_pdf(_outgoing_sample(plan, "Kế hoạch", "Số:      /KH-STP"), "du-thao-kh.pdf"),
        )
        services.outgoing_add_version(
            actor=specialist,
            document=document,
            upload=_pdf(_outgoing_sample(plan, "Kế hoạch", "Số:      /KH-STP"), "du-thao-kh-v2.pdf"),
            note="Bổ sung danh sách tổ chức hành nghề công chứng được kiểm tra.",
        )
    proposal = "Tờ trình đề nghị phê duyệt danh mục thủ tục hành chính thực hiện chứng thực điện tử"
    if not _outgoing_exists(justice, proposal):
        draft = services.OutgoingDraft(
            drafting_unit=section,
            document_type=DocumentType.objects.get(code="to-trinh"),
            summary=proposal,
            internal_recipients=[Agency.objects.get(internal_code="LS.UBND")],
        )
        document = services.outgoing_create(
            actor=specialist,
            draft=draft,
            upload=_pdf(_outgoing_sample(proposal, "Tờ trình", "Số:      /TTr-STP"), "du-thao-ttr.pdf"),
        )
        services.outgoing_submit(actor=specialist, document=document)
        services.outgoing_forward(
            actor=head, document=document, approver=leader, note="Kính trình Giám đốc xem xét."
        )
    letter = "V/v hướng dẫn thực hiện chứng thực bản sao điện tử từ bản chính"
    if not _outgoing_exists(justice, letter):
        recipients = list(
            Agency.objects.filter(internal_code__in=["LS.P.TAMTHANH", "LS.SNV"]).order_by("path")
        )
        draft = services.OutgoingDraft(
            drafting_unit=section,
            document_type=DocumentType.objects.get(code="cong-van"),
            summary=letter,
            urgency=Urgency.URGENT,
            internal_recipients=recipients,
            recipients_text="- UBND phường Tam Thanh;\n- Sở Nội vụ;\n- Lưu: VT, HCTP.",
        )
        document = services.outgoing_create(
            actor=specialist,
            draft=draft,
            upload=_pdf(_outgoing_sample(letter, "", "Số:      /STP-HCTP"), "du-thao-cv.pdf"),
        )
        services.outgoing_submit(actor=specialist, document=document)
        services.outgoing_forward(actor=head, document=document, approver=leader)
        services.outgoing_approve(actor=leader, document=document, note="Đồng ý ban hành.")
        services.outgoing_record_paper_signature(
            actor=clerk,
            document=document,
            upload=_pdf(_outgoing_sample(letter, "", "Số:      /STP-HCTP"), "ban-giay-da-ky.pdf"),
            note="Giám đốc ký trên bản giấy.",
        )
        services.outgoing_issue(actor=clerk, document=document)


@transaction.atomic
def seed_demo_documents() -> None:
    """Incoming and outgoing documents of Sở Tư pháp at different stages; a second run changes nothing."""
    people = _people()
    units = {unit.internal_code: unit for unit in Agency.objects.filter(internal_code__startswith="LS.STP")}
    justice = units["LS.STP"]
    today = timezone.localdate()
    _seed_incoming(people, justice, units, today)
    _seed_outgoing(people, justice, units)
