import time_machine
from django.core import mail
from django_tasks_db.models import DBTaskResult

from cqdt.dossiers import services
from cqdt.dossiers.models import Dossier
from cqdt.dossiers.services.warnings import dossiers_warn_deadlines
from cqdt.dossiers.tests.conftest import vn
from cqdt.dossiers.tests.helpers import applicant
from cqdt.notifications.models import Message


def test_handlers_are_warned_once_about_near_and_past_deadlines(world):
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        near = services.dossier_receive(
            actor=world.counter_officer, unit=world.centre, case=world.case, applicant=applicant(email="")
        )
        services.dossier_forward(actor=world.counter_officer, dossier=near, assignee=world.specialist)
    with time_machine.travel(vn(2026, 3, 2, 9, 30), tick=False):
        fresh = services.dossier_receive(
            actor=world.counter_officer, unit=world.centre, case=world.case, applicant=applicant(email="")
        )
    # The specialist's step (12 h from Mon 09:00) ends Tue 13:30 + 1.5 h = 15:00.
    # The counter officer's step on `fresh` (4 h from 09:30) ended Mon 15:30: past by Tue 08:00.
    sent = dossiers_warn_deadlines(now=vn(2026, 3, 3, 8, 0))
    assert sent == 2
    messages = {m.recipient: m for m in Message.objects.all()}
    assert set(messages) == {"motcua@example.vn", "chuyenvien@example.vn"}
    assert fresh.code in messages["motcua@example.vn"].body_text
    assert "HỒ SƠ ĐÃ QUÁ HẠN (1)" in messages["motcua@example.vn"].body_text
    assert "HỒ SƠ SẮP ĐẾN HẠN (1)" in messages["chuyenvien@example.vn"].body_text
    assert DBTaskResult.objects.count() == 2  # one delivery task per message, enqueued with it

    # A second run sends nothing: each step is warned once.
    assert dossiers_warn_deadlines(now=vn(2026, 3, 3, 8, 15)) == 0
    assert Dossier.objects.filter(deadline_warned_at__isnull=False).count() == 2
    assert mail.outbox == []  # delivery happens in the worker, not here


def test_nothing_far_from_its_deadline_is_warned(world):
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        dossier = services.dossier_receive(
            actor=world.counter_officer, unit=world.centre, case=world.case, applicant=applicant(email="")
        )
        services.dossier_forward(actor=world.counter_officer, dossier=dossier, assignee=world.specialist)
    assert dossiers_warn_deadlines(now=vn(2026, 3, 2, 9, 5)) == 0
