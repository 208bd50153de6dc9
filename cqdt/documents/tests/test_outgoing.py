"""Outgoing documents through the services: versions, review, approval, signature on paper, numbering and
issue, distribution as incoming documents, recall and replacement."""

import hashlib

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from cqdt.core.models import AuditRecord
from cqdt.documents import services
from cqdt.documents.models import (
    IncomingDocument,
    OutgoingDocument,
    OutgoingVersion,
    Register,
    RegisterCounter,
)
from cqdt.documents.status import CLASSIFIED_REFUSAL, Confidentiality, IncomingStatus, OutgoingStatus, Urgency
from cqdt.documents.tests.conftest import vn
from cqdt.documents.tests.factories import approved, draft, issued, register, signed
from cqdt.documents.tests.helpers import docx, docx_bytes, pdf, pdf_bytes

pytestmark = pytest.mark.django_db

NOW = vn(2026, 3, 3, 9, 0)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_every_upload_is_a_new_immutable_version(world):
    document = draft(world)
    services.outgoing_add_version(actor=world.specialist, document=document, upload=docx(), note="Sửa Điều 2")
    services.outgoing_add_version(actor=world.specialist, document=document, upload=pdf("v3.pdf", "Bản 3"))

    versions = list(OutgoingVersion.objects.filter(document=document).order_by("number"))
    assert [(v.number, v.kind, v.original_name, v.content_type, v.note) for v in versions] == [
        (1, "draft", "du-thao.pdf", "application/pdf", ""),
        (
            2,
            "draft",
            "du-thao.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Sửa Điều 2",
        ),
        (3, "draft", "v3.pdf", "application/pdf", ""),
    ]
    assert (
        versions[0].sha256
        == hashlib.sha256(pdf_bytes("Dự thảo quyết định thành lập Tổ công tác")).hexdigest()
    )
    assert versions[1].sha256 == hashlib.sha256(docx_bytes()).hexdigest()
    assert len({v.file.name for v in versions}) == 3
    with versions[0].file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == versions[0].sha256
    assert list(document.history.values_list("action", "version_number")) == [
        ("create", 1),
        ("add_version", 2),
        ("add_version", 3),
    ]


def test_drafts_of_secret_documents_are_refused(world):
    with pytest.raises(ValidationError) as refused:
        draft(world, confidentiality=Confidentiality.TOP_SECRET)
    assert refused.value.message_dict == {"confidentiality": [CLASSIFIED_REFUSAL]}
    assert OutgoingDocument.objects.count() == 0
    assert OutgoingVersion.objects.count() == 0


def test_drafting_needs_a_drafting_role_in_the_unit(world):
    for who in ("clerk", "leader", "specialist2", "other_specialist"):
        with pytest.raises(PermissionDenied):
            draft(world, actor=getattr(world, who))
    assert OutgoingDocument.objects.count() == 0


def test_review_and_approval_path(world):
    document = draft(world)
    services.outgoing_submit(actor=world.specialist, document=document)
    assert OutgoingDocument.objects.get(pk=document.pk).status == OutgoingStatus.IN_REVIEW
    with pytest.raises(ValidationError) as not_leader:
        services.outgoing_forward(actor=world.section_head, document=document, approver=world.other_leader)
    assert not_leader.value.message_dict == {"approver": ["Người duyệt phải là lãnh đạo của Sở Tư pháp."]}

    services.outgoing_send_back(actor=world.section_head, document=document, reason="Bổ sung căn cứ pháp lý.")
    services.outgoing_add_version(actor=world.specialist, document=document, upload=pdf("v2.pdf", "Bản 2"))
    services.outgoing_submit(actor=world.specialist, document=document)
    services.outgoing_forward(actor=world.section_head, document=document, approver=world.deputy)
    with pytest.raises(PermissionDenied):
        services.outgoing_approve(actor=world.leader, document=document)  # not the leader it was sent to
    done = services.outgoing_approve(actor=world.deputy, document=document, note="Đồng ý ban hành.")

    assert (done.status, done.approver, done.reviewer, done.signer_name, done.signer_title) == (
        OutgoingStatus.APPROVED,
        world.deputy,
        world.section_head,
        "Vy Thị Hoa",
        "Phó Giám đốc",
    )
    assert list(
        done.history.values_list("action", "from_status", "to_status", "actor__username", "note")
    ) == [
        ("create", "", "draft", "chuyenvien", ""),
        ("submit", "draft", "in_review", "chuyenvien", ""),
        ("send_back", "in_review", "draft", "truongphong", "Bổ sung căn cứ pháp lý."),
        ("add_version", "draft", "draft", "chuyenvien", ""),
        ("submit", "draft", "in_review", "chuyenvien", ""),
        ("forward", "in_review", "pending_approval", "truongphong", ""),
        ("approve", "pending_approval", "approved", "phogiamdoc", "Đồng ý ban hành."),
    ]


def test_a_section_head_drafting_goes_straight_to_the_leader(world):
    document = draft(world, actor=world.section_head)
    with pytest.raises(ValidationError):
        services.outgoing_submit(actor=world.section_head, document=document)
    services.outgoing_submit(actor=world.section_head, document=document, approver=world.leader)
    assert OutgoingDocument.objects.get(pk=document.pk).status == OutgoingStatus.PENDING_APPROVAL


def test_approval_needs_a_pdf(world):
    document = draft(world)
    services.outgoing_add_version(actor=world.specialist, document=document, upload=docx())
    services.outgoing_submit(actor=world.specialist, document=document)
    services.outgoing_forward(actor=world.section_head, document=document, approver=world.leader)
    with pytest.raises(ValidationError) as refused:
        services.outgoing_approve(actor=world.leader, document=document)
    assert refused.value.messages == [
        "Bản trình duyệt phải là tệp PDF; đề nghị người soạn thảo cập nhật bản PDF."
    ]


def test_issue_numbers_from_01_with_the_type_notation_and_delivers(world):
    document = issued(world, urgency=Urgency.URGENT)

    assert (document.status, document.number, document.year, document.notation, document.number_notation) == (
        OutgoingStatus.ISSUED,
        1,
        2026,
        "QĐ-STP",
        "01/QĐ-STP",
    )
    assert (document.issued_on.isoformat(), document.issued_by, document.signature_kind) == (
        "2026-03-03",
        world.clerk,
        "paper",
    )
    assert document.register.name == "Sổ đăng ký văn bản đi"
    assert document.register.issuer_abbreviation == "STP"
    copies = IncomingDocument.objects.order_by("agency__name")
    assert [
        (c.agency.name, c.status, c.channel, c.number, c.notation, c.issuer_name, c.urgency, c.signer_name)
        for c in copies
    ] == [
        ("Sở Nội vụ", "received", "electronic", "01", "QĐ-STP", "Sở Tư pháp", "urgent", "Lăng Văn Hùng"),
        (
            "Ủy ban nhân dân phường Tam Thanh",
            "received",
            "electronic",
            "01",
            "QĐ-STP",
            "Sở Tư pháp",
            "urgent",
            "Lăng Văn Hùng",
        ),
    ]
    final = document.versions.order_by("-number").first()
    assert {c.files.get().file.name for c in copies} == {final.file.name}
    assert {c.files.get().sha256 for c in copies} == {final.sha256}
    assert set(document.recipients.values_list("incoming__agency__name", flat=True)) == {
        "Sở Nội vụ",
        "Ủy ban nhân dân phường Tam Thanh",
    }
    assert document.history.last().note == "Gửi: Sở Nội vụ; Ủy ban nhân dân phường Tam Thanh."
    audit = AuditRecord.objects.get(action="outgoing.issue")
    assert audit.after == {
        "status": "issued",
        "number": 1,
        "notation": "QĐ-STP",
        "register": document.register.pk,
        "year": 2026,
    }


def test_a_cong_van_notation_names_the_drafting_unit(world):
    first = issued(world)
    letter = issued(world, document_type=world.type("cong-van"), summary="V/v cử cán bộ dự tập huấn")
    assert (first.number_notation, letter.number_notation) == ("01/QĐ-STP", "02/STP-HCTP")


def test_registers_restricted_to_types_number_separately(world):
    decisions = services.register_create(
        actor=world.clerk,
        agency=world.justice,
        direction="outgoing",
        name="Sổ quyết định",
        issuer_abbreviation="STP",
        document_types=[world.type("quyet-dinh")],
    )
    decision = issued(world)
    letter = issued(world, document_type=world.type("cong-van"))
    assert (decision.register, decision.number, letter.register.name, letter.number) == (
        decisions,
        1,
        "Sổ đăng ký văn bản đi",
        1,
    )
    plan = signed(world, document_type=world.type("ke-hoach"))
    with pytest.raises(ValidationError) as wrong:
        services.outgoing_issue(actor=world.clerk, document=plan, register=decisions)
    assert wrong.value.message_dict == {"register": ["Sổ “Sổ quyết định” không cấp số cho kế hoạch."]}
    assert OutgoingDocument.objects.get(pk=plan.pk).number is None


def test_only_the_clerk_issues(world):
    document = signed(world)
    for who in ("leader", "specialist", "other_clerk"):
        with pytest.raises(PermissionDenied):
            services.outgoing_issue(actor=getattr(world, who), document=document)
    assert RegisterCounter.objects.count() == 0
    assert OutgoingDocument.objects.get(pk=document.pk).status == OutgoingStatus.SIGNED


def test_signature_comes_before_issue(world):
    document = approved(world)
    with pytest.raises(ValidationError) as early:
        services.outgoing_issue(actor=world.clerk, document=document)
    assert early.value.messages == [
        "Không thể “Cấp số và phát hành” khi văn bản đang ở trạng thái “Đã duyệt, chờ ký”."
    ]
    assert not Register.objects.exists()


def test_recipients_register_the_delivered_copy(world):
    issued(world)
    copy = IncomingDocument.objects.get(agency=world.interior)
    with pytest.raises(PermissionDenied):
        services.incoming_register_received(actor=world.clerk, document=copy)
    registered = services.incoming_register_received(actor=world.other_clerk, document=copy)
    assert (registered.status, registered.arrival_number, registered.register.agency) == (
        IncomingStatus.REGISTERED,
        1,
        world.interior,
    )
    other = IncomingDocument.objects.get(agency=world.ward)
    returned = services.incoming_return(actor=world.ward_clerk, document=other, reason="Gửi nhầm cơ quan.")
    assert (returned.status, returned.arrival_number) == (IncomingStatus.RETURNED, None)


def test_distribution_adds_recipients_and_refuses_the_sender(world):
    document = issued(world, internal_recipients=[world.interior])
    with pytest.raises(ValidationError) as itself:
        services.outgoing_distribute(actor=world.clerk, document=document, recipients=[world.section])
    assert itself.value.message_dict == {
        "internal_recipients": ["Không gửi văn bản cho chính cơ quan ban hành; bản lưu do văn thư giữ."]
    }
    with pytest.raises(ValidationError):
        services.outgoing_distribute(actor=world.clerk, document=document, recipients=[world.interior_office])
    services.outgoing_distribute(
        actor=world.clerk, document=document, recipients=[world.ward, world.province]
    )
    assert sorted(IncomingDocument.objects.values_list("agency__name", flat=True)) == [
        "Sở Nội vụ",
        "Ủy ban nhân dân phường Tam Thanh",
        "Ủy ban nhân dân tỉnh Thử Nghiệm",
    ]


def test_recall_withdraws_every_live_copy(world):
    document = issued(world)
    copy = services.incoming_register_received(
        actor=world.other_clerk, document=IncomingDocument.objects.get(agency=world.interior)
    )
    with pytest.raises(PermissionDenied):
        services.outgoing_recall(actor=world.specialist, document=document, reason="Sai sót.")
    recalled = services.outgoing_recall(
        actor=world.leader, document=document, reason="Sai thẩm quyền ban hành."
    )
    assert (recalled.status, recalled.recall_reason) == (OutgoingStatus.RECALLED, "Sai thẩm quyền ban hành.")
    assert sorted(IncomingDocument.objects.values_list("agency__name", "status")) == [
        ("Sở Nội vụ", "recalled"),
        ("Ủy ban nhân dân phường Tam Thanh", "recalled"),
    ]
    assert copy.history.last().note == "Sai thẩm quyền ban hành."


def test_replacement_replaces_the_old_document_and_its_copies(world):
    old = issued(world)
    new = issued(world, replaces=old, summary="Quyết định thành lập Tổ công tác (thay thế)")
    old.refresh_from_db()
    assert (old.status, new.number_notation) == (OutgoingStatus.REPLACED, "02/QĐ-STP")
    assert old.history.last().note == "Được thay thế bởi văn bản số 02/QĐ-STP."
    old_copy = IncomingDocument.objects.get(delivery__document=old, agency=world.interior)
    new_copy = IncomingDocument.objects.get(delivery__document=new, agency=world.interior)
    assert (old_copy.status, old_copy.replaced_by, new_copy.status) == (
        IncomingStatus.REPLACED,
        new_copy,
        IncomingStatus.RECEIVED,
    )


def test_a_reply_answers_an_incoming_document_the_drafter_handles(world):
    incoming = register(world)
    with pytest.raises(ValidationError) as unseen:
        draft(world, reply_to=incoming)
    assert unseen.value.message_dict == {
        "reply_to": ["Văn bản đến được trả lời không thuộc cơ quan hoặc bạn không được xem."]
    }
    services.incoming_direct(
        actor=world.leader, document=incoming, handling=services.Handling(lead_user=world.specialist)
    )
    reply = issued(world, reply_to=incoming, document_type=world.type("cong-van"))
    assert list(incoming.replies.all()) == [reply]
    done = services.incoming_complete(
        actor=world.specialist, document=incoming, result="Đã trả lời.", reply=reply
    )
    assert done.reply == reply
