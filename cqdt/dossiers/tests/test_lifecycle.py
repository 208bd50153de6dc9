"""The dossier lifecycle end to end through the services, with exact deadlines across Tết and pauses."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cqdt.core.models import AuditRecord
from cqdt.dossiers import services
from cqdt.dossiers.models import Dossier, DossierHistory, DossierPause, FileKind, Timeliness
from cqdt.dossiers.status import Action, DossierStatus
from cqdt.dossiers.tests.conftest import vn
from cqdt.dossiers.tests.factories import make_world
from cqdt.dossiers.tests.helpers import PDF_BYTES, PNG_BYTES, applicant, pdf, png

pytestmark = pytest.mark.django_db


def receive(world, at):
    with time_machine.travel(at, tick=False):
        return services.dossier_receive(
            actor=world.counter_officer,
            unit=world.centre,
            case=world.case,
            applicant=applicant(),
            uploads={"TP1": [pdf()], "TP2": [png()]},
        )


def test_reception_gives_code_appointment_steps_and_files(world):
    dossier = receive(world, vn(2026, 2, 12, 9, 0))

    assert dossier.code == "000.00.30.H99-260212-0001"
    assert dossier.status == DossierStatus.RECEIVED
    # Thu 12/02 09:00 + 3 working days: Fri 13/02, then Tết (16–20/02) is skipped, Mon 23/02, Tue 24/02.
    assert dossier.due_at == vn(2026, 2, 24, 9, 0)
    assert dossier.handling_agency == world.department
    steps = list(dossier.steps.values_list("position", "role", "agency__name", "assignee__username"))
    assert steps == [
        (1, "one_stop_officer", "Trung tâm Phục vụ hành chính công tỉnh", "motcua"),
        (2, "specialist", "Sở Tư pháp", None),
        (3, "section_head", "Sở Tư pháp", None),
        (4, "clerk", "Sở Tư pháp", None),
    ]
    # The first step (4 h) started at reception: Thu 09:00–11:30 is 2.5 h, then 13:30 + 1.5 h = 15:00.
    assert dossier.current_step.deadline == vn(2026, 2, 12, 15, 0)
    files = list(dossier.files.values_list("kind", "original_name", "content_type", "size"))
    assert files == [
        (FileKind.SUBMISSION, "to-khai.pdf", "application/pdf", len(PDF_BYTES)),
        (FileKind.SUBMISSION, "cccd.png", "image/png", len(PNG_BYTES)),
    ]
    assert len(dossier.files.first().sha256) == 64
    history = list(dossier.history.values_list("action", "from_status", "to_status"))
    assert history == [(Action.RECEIVE, None, DossierStatus.RECEIVED)]
    assert AuditRecord.objects.filter(action="dossier.receive", object_id=str(dossier.pk)).count() == 1


def test_codes_count_per_unit_and_vietnam_day(world):
    first = receive(world, vn(2026, 3, 2, 9, 0))
    second = receive(world, vn(2026, 3, 2, 16, 30))
    # 23:30 UTC on 2 March is 06:30 on 3 March in Vietnam: a new day, a new counter.
    third = receive(world, dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC))
    assert [first.code, second.code, third.code] == [
        "000.00.30.H99-260302-0001",
        "000.00.30.H99-260302-0002",
        "000.00.30.H99-260303-0001",
    ]


def test_the_days_second_reception_rolls_nothing_back(world):
    """A rollback, even to a savepoint, makes psycopg drop every prepared statement of the connection."""
    receive(world, vn(2026, 3, 2, 9, 0))
    with CaptureQueriesContext(connection) as queries:
        second = receive(world, vn(2026, 3, 2, 9, 30))
    assert second.code == "000.00.30.H99-260302-0002"
    statements = [query["sql"].upper() for query in queries.captured_queries]
    assert not [sql for sql in statements if sql.startswith("ROLLBACK")]


def full_flow(world, dossier, *, start):
    with time_machine.travel(start, tick=False):
        services.dossier_forward(actor=world.counter_officer, dossier=dossier, assignee=world.specialist)
    with time_machine.travel(start + dt.timedelta(hours=2), tick=False):
        services.dossier_forward(actor=world.specialist, dossier=dossier, assignee=world.section_head)
    with time_machine.travel(start + dt.timedelta(hours=3), tick=False):
        services.dossier_decide(actor=world.section_head, dossier=dossier, approve=True, assignee=world.clerk)
    with time_machine.travel(start + dt.timedelta(hours=4), tick=False):
        services.dossier_record_result(
            actor=world.clerk,
            dossier=dossier,
            number="125/STP-LLTP",
            signer="Lý Thị Mai",
            issued_on=dt.date(2026, 3, 3),
            result_file=pdf("phieu-lltp.pdf"),
        )
    with time_machine.travel(start + dt.timedelta(hours=5), tick=False):
        services.dossier_return_result(actor=world.counter_officer, dossier=dossier)
    return Dossier.objects.get(pk=dossier.pk)


def test_full_lifecycle_early(world):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    dossier = full_flow(world, dossier, start=vn(2026, 3, 3, 8, 0))

    assert dossier.status == DossierStatus.RETURNED
    assert dossier.finished_at == vn(2026, 3, 3, 12, 0)
    assert dossier.due_at == vn(2026, 3, 5, 9, 0)
    assert dossier.timeliness == Timeliness.EARLY
    assert (dossier.result_number, dossier.decision) == ("125/STP-LLTP", "approved")
    assert list(dossier.history.values_list("action", "to_status")) == [
        (Action.RECEIVE, 2),
        (Action.FORWARD, 4),
        (Action.FORWARD, 4),
        (Action.APPROVE, 4),
        (Action.RECORD_RESULT, 9),
        (Action.RETURN_RESULT, 10),
    ]
    # The one-stop step (due Mon 02/03 15:00) was finished the next day: late for that step.
    assert list(dossier.steps.values_list("timeliness", flat=True)) == ["late", "early", "on_time", "on_time"]
    assert AuditRecord.objects.filter(object_type="dossiers.Dossier", object_id=str(dossier.pk)).count() == 6
    assert dossier.files.filter(kind=FileKind.RESULT).count() == 1


def test_supplement_pauses_the_clock_and_the_appointment_moves_by_the_pause(world):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))  # due Thu 05/03 09:00
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        services.dossier_forward(actor=world.counter_officer, dossier=dossier, assignee=world.specialist)
    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):
        services.dossier_request_supplement(
            actor=world.specialist,
            dossier=dossier,
            components=["Bản chụp giấy tờ tùy thân"],
            reason="Bản chụp CCCD bị mờ, không đọc được số định danh.",
        )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
    pause = DossierPause.objects.get(dossier=dossier)
    assert pause.remaining_work_seconds == 16 * 3600  # Tue 09:00 → Thu 09:00 = 2 working days

    with time_machine.travel(vn(2026, 3, 9, 14, 0), tick=False):
        services.dossier_register_supplement(
            actor=world.counter_officer, dossier=dossier, uploads={"TP2": [png()]}
        )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING
    # Mon 09/03 14:00 + 16 h: Mon 3 h, Tue 8 h, Wed 07:00–11:30 4.5 h, 13:30 + 0.5 h → Wed 11/03 14:00.
    assert dossier.due_at == vn(2026, 3, 11, 14, 0)
    pause.refresh_from_db()
    assert pause.ended_at == vn(2026, 3, 9, 14, 0)
    assert dossier.files.filter(kind=FileKind.SUPPLEMENT).count() == 1


def test_supplement_restart_policy_recomputes_from_the_supplement(db):
    world = make_world(supplement_policy="restart")
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):
        services.dossier_request_supplement(
            actor=world.counter_officer, dossier=dossier, components=["Tờ khai"], reason="Thiếu chữ ký."
        )
    with time_machine.travel(vn(2026, 3, 9, 14, 0), tick=False):
        services.dossier_register_supplement(actor=world.counter_officer, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.due_at == vn(2026, 3, 12, 14, 0)  # a full 3 working days from Mon 09/03 14:00


def test_makeup_saturday_is_a_working_day(world):
    # Saturday 22/08/2026 is worked in exchange for Monday 31/08/2026.
    dossier = receive(world, vn(2026, 8, 20, 9, 0))
    assert dossier.due_at == vn(2026, 8, 24, 9, 0)  # Fri 21, Sat 22 (make-up), Mon 24


def test_late_path_with_apology_still_counts_late(world):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))  # due Thu 05/03 09:00
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        services.dossier_forward(actor=world.counter_officer, dossier=dossier, assignee=world.specialist)
    with time_machine.travel(vn(2026, 3, 4, 15, 0), tick=False):
        apology = services.apology_draft(
            actor=world.specialist,
            dossier=dossier,
            reason="Cần xác minh thông tin tại cơ quan công an.",
            new_due_at=vn(2026, 3, 10, 9, 0),
        )
    with time_machine.travel(vn(2026, 3, 4, 16, 0), tick=False):
        services.apology_decide(actor=world.agency_head, apology=apology, approve=True)
    dossier.refresh_from_db()
    assert dossier.rescheduled_due_at == vn(2026, 3, 10, 9, 0)
    assert dossier.due_at == vn(2026, 3, 5, 9, 0)
    with time_machine.travel(vn(2026, 3, 9, 9, 0), tick=False):
        services.dossier_forward(actor=world.specialist, dossier=dossier, assignee=world.section_head)
        services.dossier_decide(actor=world.section_head, dossier=dossier, approve=True, assignee=world.clerk)
        services.dossier_record_result(
            actor=world.clerk,
            dossier=dossier,
            number="9/STP",
            signer="Lý Thị Mai",
            issued_on=dt.date(2026, 3, 9),
        )
    dossier.refresh_from_db()
    assert dossier.timeliness == Timeliness.LATE
    actions = list(dossier.history.values_list("action", flat=True))
    assert Action.DRAFT_APOLOGY in actions
    assert Action.APPROVE_APOLOGY in actions


def test_send_back_recall_and_reassign(world):
    from cqdt.dossiers.tests.factories import staff

    colleague = staff(world.section, "specialist", username="chuyenvien2")
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        services.dossier_forward(actor=world.counter_officer, dossier=dossier, assignee=world.specialist)
        services.dossier_recall(actor=world.counter_officer, dossier=dossier, reason="Chuyển nhầm.")
    dossier.refresh_from_db()
    assert (dossier.current_step.position, dossier.current_assignee) == (1, world.counter_officer)

    with time_machine.travel(vn(2026, 3, 2, 11, 0), tick=False):
        services.dossier_forward(actor=world.counter_officer, dossier=dossier, assignee=world.specialist)
        services.dossier_reassign(
            actor=world.section_head, dossier=dossier, assignee=colleague, reason="Cân đối"
        )
        services.dossier_send_back(actor=colleague, dossier=dossier, reason="Thiếu bản chụp CCCD rõ nét.")
    dossier.refresh_from_db()
    assert (dossier.current_step.position, dossier.current_assignee) == (1, world.counter_officer)
    assert list(dossier.history.values_list("action", flat=True)) == [
        Action.RECEIVE,
        Action.FORWARD,
        Action.RECALL,
        Action.FORWARD,
        Action.REASSIGN,
        Action.SEND_BACK,
    ]


def test_recall_is_refused_once_the_receiver_acted(world):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        services.dossier_forward(actor=world.counter_officer, dossier=dossier, assignee=world.specialist)
        services.dossier_forward(actor=world.specialist, dossier=dossier, assignee=world.section_head)
        with pytest.raises(Exception, match="không có quyền"):
            services.dossier_recall(actor=world.counter_officer, dossier=dossier)


def test_inter_agency_transfer_measures_the_partner_against_its_allotment(world):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    from cqdt.dossiers.tests.factories import staff

    partner_officer = staff(world.other_department, "specialist", username="lienthong")
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        services.dossier_forward(actor=world.counter_officer, dossier=dossier, assignee=world.specialist)
        services.dossier_transfer(
            actor=world.specialist,
            dossier=dossier,
            agency=world.other_department,
            role="specialist",
            hours=4,
            reason="Đề nghị xác nhận thông tin cấp phép xây dựng.",
        )
    dossier.refresh_from_db()
    assert dossier.current_step.name == "Xử lý liên thông tại Sở Xây dựng"
    assert dossier.current_step.deadline == vn(2026, 3, 2, 16, 0)  # 10:00–11:30, then 13:30 + 2.5 h
    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):
        services.dossier_forward(actor=partner_officer, dossier=dossier, assignee=world.section_head)
    dossier.refresh_from_db()
    partner_step = dossier.steps.get(name__startswith="Xử lý liên thông")
    assert partner_step.timeliness == Timeliness.LATE
    assert dossier.current_step.role == "section_head"
    assert list(dossier.steps.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    assert DossierHistory.objects.filter(dossier=dossier, action=Action.TRANSFER_BACK).count() == 1


def test_withdraw_and_stop(world):
    first = receive(world, vn(2026, 3, 2, 9, 0))
    second = receive(world, vn(2026, 3, 2, 9, 5))
    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):
        services.dossier_withdraw(
            actor=world.counter_officer, dossier=first, reason="Đơn xin rút hồ sơ ngày 03/03."
        )
        services.dossier_stop(actor=world.agency_head, dossier=second, reason="Đang có tranh chấp.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.finished_at, first.timeliness) == (7, vn(2026, 3, 3, 9, 0), "early")
    assert (second.status, second.finished_at) == (8, None)


def test_online_submission_accept_and_refuse(world):
    with time_machine.travel(vn(2026, 3, 2, 20, 0), tick=False):
        online = services.dossier_submit_online(
            applicant_user=world.citizen,
            unit=world.centre,
            case=world.case,
            applicant=applicant(),
            uploads={"TP1": [pdf()]},
        )
        other = services.dossier_submit_online(
            applicant_user=world.citizen, unit=world.centre, case=world.case, applicant=applicant()
        )
    assert (online.status, online.received_at, online.due_at) == (1, None, None)
    with time_machine.travel(vn(2026, 3, 3, 8, 0), tick=False):
        services.dossier_accept_online(actor=world.counter_officer, dossier=online)
        services.dossier_refuse_reception(
            actor=world.counter_officer, dossier=other, reason="Không thuộc thẩm quyền."
        )
    online.refresh_from_db()
    other.refresh_from_db()
    assert (online.status, online.due_at) == (2, vn(2026, 3, 6, 8, 0))
    assert other.status == DossierStatus.NOT_RECEIVED


def test_transitions_outside_the_table_are_refused(world):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    with pytest.raises(ValidationError, match="Không thể thực hiện “Trả kết quả”"):
        services.dossier_return_result(actor=world.counter_officer, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.history.count() == 1


def test_hostile_upload_stores_nothing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError, match="không thuộc định dạng được chấp nhận"):
        services.dossier_receive(
            actor=world.counter_officer,
            unit=world.centre,
            case=world.case,
            applicant=applicant(),
            uploads={"TP1": [pdf()], "TP2": [exe]},
        )
    assert Dossier.objects.count() == 0
    assert AuditRecord.objects.count() == 0


def test_an_unassigned_partner_step_is_offered_to_the_partner_staff(world):
    from cqdt.dossiers.selectors import Box, box_queryset
    from cqdt.dossiers.tests.factories import AgencyFactory, staff

    partner_section = AgencyFactory(name="Phòng Quản lý xây dựng", parent=world.other_department)
    partner = staff(partner_section, "specialist", username="lienthong2")
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        services.dossier_forward(actor=world.counter_officer, dossier=dossier, assignee=world.specialist)
        services.dossier_transfer(
            actor=world.specialist,
            dossier=dossier,
            agency=world.other_department,
            role="specialist",
            hours=4,
            reason="Đề nghị xác nhận thông tin.",
        )
    assert list(box_queryset(partner, Box.TO_PROCESS).values_list("code", flat=True)) == [dossier.code]
    with time_machine.travel(vn(2026, 3, 2, 11, 0), tick=False):
        services.dossier_forward(actor=partner, dossier=dossier, assignee=world.section_head)
    dossier.refresh_from_db()
    assert dossier.current_assignee == world.section_head


def test_leader_steps_end_with_a_decision_and_results_only_at_the_last_step(world):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        services.dossier_forward(actor=world.counter_officer, dossier=dossier, assignee=world.specialist)
        with pytest.raises(ValidationError, match="bước cuối"):
            services.dossier_record_result(
                actor=world.specialist,
                dossier=dossier,
                number="1/X",
                signer="A",
                issued_on=dt.date(2026, 3, 2),
            )
        services.dossier_forward(actor=world.specialist, dossier=dossier, assignee=world.section_head)
        with pytest.raises(ValidationError, match="quyết định phê duyệt"):
            services.dossier_forward(actor=world.section_head, dossier=dossier, assignee=world.clerk)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.current_assignee) == (4, world.section_head)
