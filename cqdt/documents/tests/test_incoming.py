"""Incoming documents through the services: registration, secrets refused, direction, handling, completion."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django_tasks_db.models import DBTaskResult

from cqdt.core.models import AuditRecord
from cqdt.documents import services
from cqdt.documents.models import IncomingDocument, IncomingHandler, Register, RegisterCounter
from cqdt.documents.status import CLASSIFIED_REFUSAL, Confidentiality, IncomingStatus
from cqdt.documents.tests.conftest import vn
from cqdt.documents.tests.factories import direct, metadata, register
from cqdt.documents.tests.helpers import pdf, png

pytestmark = pytest.mark.django_db

NOW = vn(2026, 3, 3, 9, 0)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_registration_numbers_from_one_in_the_agency_register(world):
    first = register(world)
    second = register(world, number="12", notation="CV-SNV", summary="Về việc cử cán bộ dự tập huấn")

    assert (first.arrival_number, first.year, second.arrival_number, second.year) == (1, 2026, 2, 2026)
    assert first.status == IncomingStatus.REGISTERED
    assert first.register == second.register
    assert first.register.name == "Sổ đăng ký văn bản đến"
    assert first.register.agency == world.justice
    assert first.registered_by == world.clerk
    assert first.arrived_at == NOW
    assert first.page_count == 1
    assert RegisterCounter.objects.get(register=first.register, year=2026).last_number == 2
    main = first.files.get()
    assert (main.is_main, main.original_name, main.content_type, len(main.sha256)) == (
        True,
        "ke-hoach-45.pdf",
        "application/pdf",
        64,
    )
    assert main.file.name.startswith("documents/incoming/2026/03/")
    assert not main.file.name.endswith("ke-hoach-45.pdf")  # stored under a random name
    assert list(first.history.values_list("action", "from_status", "to_status")) == [
        ("register", "", "registered")
    ]
    audit = AuditRecord.objects.get(object_type="documents.IncomingDocument", object_id=str(first.pk))
    assert (audit.action, audit.agency_code, audit.after) == (
        "incoming.register",
        "000.00.03.H99",
        {"status": "registered", "arrival_number": 1, "year": 2026},
    )
    task = DBTaskResult.objects.get(args_kwargs__args=["incoming", main.pk])
    assert task.task_path == "cqdt.documents.tasks.extract_pdf_text"


def test_metadata_search_text_is_folded_before_the_pdf_text_is_extracted(world):
    document = register(world)
    assert document.search_text == (
        "45/kh-ubnd 1 uy ban nhan dan tinh thu nghiem ke hoach ke hoach trien khai cong tac pho bien, "
        "giao duc phap luat nam 2026 nguyen van an"
    )


@pytest.mark.parametrize(
    "level", [Confidentiality.SECRET, Confidentiality.TOP_SECRET, Confidentiality.ABSOLUTE_SECRET]
)
def test_secret_documents_are_refused_and_nothing_is_stored(world, level):
    with pytest.raises(ValidationError) as refused:
        register(world, confidentiality=level)

    assert refused.value.message_dict == {"confidentiality": [CLASSIFIED_REFUSAL]}
    assert CLASSIFIED_REFUSAL.startswith("Văn bản mật không được xử lý trên môi trường mạng")
    assert IncomingDocument.objects.count() == 0
    assert RegisterCounter.objects.count() == 0
    assert Register.objects.count() == 0
    assert AuditRecord.objects.filter(action__startswith="incoming.").count() == 0


@pytest.mark.parametrize("who", ["specialist", "leader", "other_clerk", "ward_clerk", "citizen"])
def test_only_the_agencys_clerk_registers(world, who):
    with pytest.raises(PermissionDenied):
        services.incoming_register(
            actor=getattr(world, who), agency=world.justice, metadata=metadata(world), main_file=pdf()
        )
    assert IncomingDocument.objects.count() == 0


def test_registration_checks_dates_and_files(world):
    with pytest.raises(ValidationError) as future:
        register(world, issued_on=dt.date(2026, 3, 4))
    assert future.value.message_dict == {"issued_on": ["Ngày ban hành không thể sau ngày văn bản đến."]}

    with pytest.raises(ValidationError) as not_pdf:
        services.incoming_register(
            actor=world.clerk, agency=world.justice, metadata=metadata(world), main_file=png("quet.pdf")
        )
    assert not_pdf.value.messages == [
        "Tệp “quet.pdf” không thuộc định dạng được chấp nhận (PDF); định dạng được xác định theo nội dung "
        "tệp, không theo tên tệp."
    ]
    assert IncomingDocument.objects.count() == 0


def test_attachments_of_other_types_are_kept(world):
    document = services.incoming_register(
        actor=world.clerk,
        agency=world.justice,
        metadata=metadata(world),
        main_file=pdf(),
        attachments=[png("so-do.png")],
    )
    assert list(document.files.values_list("is_main", "original_name", "content_type")) == [
        (True, "van-ban.pdf", "application/pdf"),
        (False, "so-do.png", "image/png"),
    ]


def test_direction_names_lead_co_handlers_and_deadline(world):
    document = direct(world, register(world), deadline=dt.date(2026, 3, 10))

    assert document.status == IncomingStatus.ASSIGNED
    assert (document.deadline, document.directed_by, document.directed_at) == (
        dt.date(2026, 3, 10),
        world.leader,
        NOW,
    )
    assert document.direction_note == "Giao Phòng Hành chính tư pháp chủ trì tham mưu."
    assert sorted(document.handlers.values_list("role", "unit__name", "user")) == [
        ("co", "Phòng Bổ trợ tư pháp", None),
        ("lead", "Phòng Hành chính tư pháp", None),
    ]
    audit = AuditRecord.objects.get(action="incoming.direct")
    assert audit.after == {
        "status": "assigned",
        "lead": "Phòng Hành chính tư pháp",
        "co_handlers": ["Phòng Bổ trợ tư pháp"],
        "deadline": "2026-03-10",
    }


def test_direction_only_within_the_agency_and_not_in_the_past(world):
    document = register(world)
    with pytest.raises(ValidationError) as foreign:
        services.incoming_direct(
            actor=world.leader,
            document=document,
            handling=services.Handling(lead_unit=world.interior_office, co_users=[world.other_specialist]),
        )
    assert foreign.value.message_dict == {
        "units": ["“Văn phòng Sở Nội vụ” không thuộc Sở Tư pháp."],
        "users": [f"“{world.other_specialist}” không phải cán bộ của Sở Tư pháp."],
    }
    with pytest.raises(ValidationError) as past:
        services.incoming_direct(
            actor=world.leader,
            document=document,
            handling=services.Handling(lead_user=world.specialist, deadline=dt.date(2026, 3, 2)),
        )
    assert past.value.message_dict == {"deadline": ["Hạn xử lý không thể trước ngày hôm nay."]}
    with pytest.raises(ValidationError) as mismatch:
        services.incoming_direct(
            actor=world.leader,
            document=document,
            handling=services.Handling(lead_unit=world.section2, lead_user=world.specialist),
        )
    assert mismatch.value.message_dict == {
        "lead": [f"“{world.specialist}” không làm việc tại Phòng Bổ trợ tư pháp."]
    }
    assert IncomingDocument.objects.get(pk=document.pk).status == IncomingStatus.REGISTERED
    assert IncomingHandler.objects.count() == 0


@pytest.mark.parametrize("who", ["clerk", "section_head", "specialist", "other_leader", "province_leader"])
def test_only_the_agencys_leader_directs(world, who):
    document = register(world)
    with pytest.raises(PermissionDenied):
        services.incoming_direct(
            actor=getattr(world, who), document=document, handling=services.Handling(lead_unit=world.section)
        )
    assert IncomingDocument.objects.get(pk=document.pk).status == IncomingStatus.REGISTERED


def test_unit_leader_assigns_then_handler_reports_and_completes(world):
    document = direct(world, register(world), deadline=dt.date(2026, 3, 10))
    lead = document.handlers.get(role="lead")

    with pytest.raises(PermissionDenied):
        services.incoming_assign_handler(
            actor=world.section_head2, document=document, handler=lead, user=world.specialist
        )
    with pytest.raises(ValidationError) as outsider:
        services.incoming_assign_handler(
            actor=world.section_head, document=document, handler=lead, user=world.specialist2
        )
    assert outsider.value.message_dict == {
        "user": [f"“{world.specialist2}” không làm việc tại Phòng Hành chính tư pháp."]
    }

    services.incoming_assign_handler(
        actor=world.section_head, document=document, handler=lead, user=world.specialist
    )
    services.incoming_add_note(
        actor=world.specialist, document=document, text="Đã dự thảo văn bản hướng dẫn."
    )
    assert IncomingDocument.objects.get(pk=document.pk).status == IncomingStatus.IN_PROGRESS

    with pytest.raises(PermissionDenied):  # a co-handler reports but does not close the document
        services.incoming_complete(actor=world.section_head2, document=document, result="Xong.")
    services.incoming_add_note(actor=world.section_head2, document=document, text="Phòng BTTP đã góp ý.")

    done = services.incoming_complete(
        actor=world.specialist, document=document, result="Đã tham mưu ban hành."
    )
    assert (done.status, done.completed_by, done.completed_at, done.result_note) == (
        IncomingStatus.COMPLETED,
        world.specialist,
        NOW,
        "Đã tham mưu ban hành.",
    )
    assert list(done.history.values_list("action", "to_status", "actor__username")) == [
        ("register", "registered", "vanthu"),
        ("direct", "assigned", "giamdoc"),
        ("assign_handler", "assigned", "truongphong"),
        ("note", "in_progress", "chuyenvien"),
        ("note", "in_progress", "truongphong2"),
        ("complete", "completed", "chuyenvien"),
    ]
    with pytest.raises(ValidationError) as closed:
        services.incoming_add_note(actor=world.specialist, document=done, text="Bổ sung.")
    assert closed.value.messages == [
        "Không thể “Cập nhật tiến độ xử lý” khi văn bản đang ở trạng thái “Đã hoàn thành”."
    ]


def test_a_new_direction_replaces_the_handlers(world):
    document = direct(world, register(world))
    services.incoming_direct(
        actor=world.deputy,
        document=document,
        handling=services.Handling(
            lead_user=world.specialist2, co_users=[world.specialist, world.specialist]
        ),
    )
    assert sorted(IncomingHandler.objects.values_list("role", "unit", "user__username")) == [
        ("co", None, "chuyenvien"),
        ("lead", None, "chuyenvien2"),
    ]
