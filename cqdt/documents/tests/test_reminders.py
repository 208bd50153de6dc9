"""Deadline reminders to handlers: who is reminded of what, once per document and threshold."""

import datetime as dt

import pytest
import time_machine

from cqdt.documents import services
from cqdt.documents.models import IncomingHandler
from cqdt.documents.services.reminders import TEMPLATE, handlers_to_remind, reminder_horizon
from cqdt.documents.tests.conftest import vn
from cqdt.documents.tests.factories import register
from cqdt.notifications.models import Message

pytestmark = pytest.mark.django_db

TUESDAY = vn(2026, 3, 3, 9, 0)


def _directed(world, deadline, **handling):
    with time_machine.travel(vn(2026, 3, 2, 9), tick=False):
        label = f"{deadline:%d/%m}" if deadline else "không hạn"
        document = register(world, summary=f"Văn bản hạn {label}")
        return services.incoming_direct(
            actor=world.leader, document=document, handling=services.Handling(deadline=deadline, **handling)
        )


def test_the_horizon_is_the_next_working_day():
    assert reminder_horizon(dt.date(2026, 3, 3)) == dt.date(2026, 3, 4)  # Tuesday → Wednesday
    assert reminder_horizon(dt.date(2026, 3, 6)) == dt.date(2026, 3, 9)  # Friday → Monday
    assert reminder_horizon(dt.date(2026, 4, 24)) == dt.date(2026, 4, 28)  # Hùng Kings' day (27/4) off


def test_which_handlers_are_due_a_reminder(world):
    overdue = _directed(world, dt.date(2026, 3, 2), lead_user=world.specialist)
    tomorrow = _directed(world, dt.date(2026, 3, 4), lead_unit=world.section, co_users=[world.specialist2])
    _directed(world, dt.date(2026, 3, 10), lead_user=world.specialist)  # far off
    _directed(world, None, lead_user=world.specialist)  # no deadline
    done = _directed(world, dt.date(2026, 3, 2), lead_user=world.specialist2)
    with time_machine.travel(TUESDAY, tick=False):
        services.incoming_complete(actor=world.specialist2, document=done, result="Xong.")
        due = handlers_to_remind(today=dt.date(2026, 3, 3))
    assert sorted((h.document.summary, h.role, str(h.user or h.unit)) for h in due) == [
        ("Văn bản hạn 02/03", "lead", str(world.specialist)),
        ("Văn bản hạn 04/03", "co", str(world.specialist2)),
        ("Văn bản hạn 04/03", "lead", "Phòng Hành chính tư pháp"),
    ]
    assert {h.document_id for h in due} == {overdue.pk, tomorrow.pk}


def test_reminders_are_emailed_once_per_threshold(world):
    _directed(world, dt.date(2026, 3, 2), lead_user=world.specialist)
    _directed(world, dt.date(2026, 3, 4), lead_unit=world.section, co_users=[world.specialist])
    with time_machine.travel(TUESDAY, tick=False):
        assert services.incoming_send_deadline_reminders() == 2
        assert services.incoming_send_deadline_reminders() == 0
    messages = {m.recipient: m for m in Message.objects.all()}
    assert set(messages) == {world.specialist.email, world.section_head.email}
    mine = messages[world.specialist.email]
    assert mine.template == TEMPLATE
    assert mine.subject == "Văn bản cần xử lý: 1 quá hạn, 1 sắp đến hạn"
    issuer = "45/KH-UBND của Ủy ban nhân dân tỉnh Thử Nghiệm"
    assert f"1. Số đến 1 | {issuer} | Văn bản hạn 02/03 | Chủ trì | hạn xử lý: 02/03/2026" in mine.body_text
    assert f"1. Số đến 2 | {issuer} | Văn bản hạn 04/03 | Phối hợp | hạn xử lý: 04/03/2026" in mine.body_text
    assert "http://127.0.0.1:8000/van-ban/viec-cua-toi/" in mine.body_text
    head = messages[world.section_head.email]
    assert head.subject == "Văn bản cần xử lý: 0 quá hạn, 1 sắp đến hạn"
    assert IncomingHandler.objects.filter(due_soon_reminded_at__isnull=True).count() == 1  # the overdue one
    with time_machine.travel(vn(2026, 3, 5, 9), tick=False):  # now the second is overdue as well
        assert services.incoming_send_deadline_reminders() == 2
    assert Message.objects.count() == 4


def test_the_worker_runs_the_reminders_every_hour():
    import cqdt.documents.tasks  # noqa: F401  (the worker autodiscovers the tasks modules)
    from cqdt.core.background import registered_periodic_jobs

    jobs = {spec.name: spec.every for spec in registered_periodic_jobs()}
    assert jobs["cqdt.documents.tasks.send_deadline_reminders"] == dt.timedelta(hours=1)
