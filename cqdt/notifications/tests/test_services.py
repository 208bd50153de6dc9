from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cqdt.accounts.models import User
from cqdt.core.models import AuditRecord
from cqdt.notifications.models import AttemptOutcome, Message, MessageStatus
from cqdt.notifications.rendering import TemplateContextError
from cqdt.notifications.services import message_deliver, message_enqueue, message_resend
from cqdt.notifications.tests.factories import MessageFactory
from cqdt.notifications.tests.support import RECEIVED_BODY, received_context

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "CQĐT <no-reply@cqdt.example.vn>"


def enqueue(**overrides: Any) -> Message:
    arguments: dict[str, Any] = {
        "channel": "email",
        "recipient": "an.nguyen@example.vn",
        "template": "dossiers/received",
        "context": received_context(),
    }
    arguments.update(overrides)
    return message_enqueue(**arguments)


def test_enqueue_stores_the_rendered_message_and_one_task_row():
    message = enqueue(recipient="  an.nguyen@example.vn ")

    assert message.recipient == "an.nguyen@example.vn"
    assert message.status == MessageStatus.QUEUED
    assert message.subject == "Tiếp nhận hồ sơ H56.22-251120-0001"
    assert message.body_text == RECEIVED_BODY
    assert message.body_html == ""
    assert message.template == "dossiers/received"
    assert (message.object_type, message.object_id) == ("", "")
    assert message.attempts == 0
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [message.pk], "kwargs": {}}


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"recipient": "an.nguyen@"}, {"recipient": ["Địa chỉ thư điện tử không hợp lệ."]}),
        ({"recipient": "0912345678"}, {"recipient": ["Địa chỉ thư điện tử không hợp lệ."]}),
        ({"channel": "fax"}, {"channel": ["Kênh gửi “fax” chưa được hỗ trợ."]}),
        ({"channel": "sms", "recipient": "12345"}, {"recipient": ["Số điện thoại “12345” không hợp lệ."]}),
        (
            {"channel": "sms", "recipient": "an.nguyen@example.vn"},
            {"recipient": ["Số điện thoại “an.nguyen@example.vn” không hợp lệ."]},
        ),
        (
            {"channel": "zalo", "recipient": "091234567"},
            {"recipient": ["Số điện thoại “091234567” không hợp lệ."]},
        ),
    ],
)
def test_enqueue_refuses_a_bad_channel_or_recipient(overrides, errors):
    with pytest.raises(ValidationError) as caught:
        enqueue(**overrides)
    assert caught.value.message_dict == errors
    assert not Message.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_enqueue_refuses_an_unknown_template():
    with pytest.raises(TemplateContextError, match=r"Unknown notification template '\.\./settings'"):
        enqueue(template="../settings")
    assert not Message.objects.exists()


def test_enqueue_refuses_a_missing_or_misspelt_context_key():
    context = received_context()
    context["appointment_date"] = context.pop("appointment_at")
    with pytest.raises(TemplateContextError) as caught:
        enqueue(context=context)
    assert str(caught.value) == (
        "Context for 'dossiers/received': missing ['appointment_at'], unexpected ['appointment_date']."
    )
    assert not Message.objects.exists()


def test_enqueue_refuses_a_required_value_that_is_none():
    with pytest.raises(TemplateContextError) as caught:
        enqueue(context=received_context(appointment_at=None))
    assert (
        str(caught.value)
        == "Context for 'dossiers/received': missing ['appointment_at'], unexpected nothing."
    )
    assert not Message.objects.exists()


def test_message_keeps_the_text_rendered_when_it_was_queued(settings, tmp_path):
    message = enqueue()
    override = tmp_path / "notifications" / "dossiers"
    override.mkdir(parents=True)
    (override / "received_subject.txt").write_text("Mẫu đã sửa {{ dossier_code }}", encoding="utf-8")
    (override / "received.txt").write_text("Nội dung đã sửa", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    assert enqueue().subject == "Mẫu đã sửa H56.22-251120-0001"

    message_deliver(message_id=message.pk)

    sent = mail.outbox[0]
    assert sent.subject == "Tiếp nhận hồ sơ H56.22-251120-0001"
    assert sent.body == RECEIVED_BODY


def test_deliver_sends_once_and_records_the_attempt():
    message = enqueue()
    with time_machine.travel("2025-11-20 01:30:05+00:00", tick=False):
        delivered = message_deliver(message_id=message.pk)
    again = message_deliver(message_id=message.pk)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["an.nguyen@example.vn"]
    assert mail.outbox[0].from_email == "CQĐT <no-reply@cqdt.example.vn>"
    assert mail.outbox[0].extra_headers["Message-ID"] == delivered.provider_message_id
    assert delivered.provider_message_id.startswith("<")
    assert delivered.status == MessageStatus.SENT
    assert delivered.sent_at == datetime(2025, 11, 20, 1, 30, 5, tzinfo=UTC)
    assert again.status == MessageStatus.SENT
    assert again.attempts == 1
    assert list(delivered.delivery_attempts.values_list("number", "outcome")) == [(1, AttemptOutcome.SENT)]


@pytest.mark.parametrize("status", [MessageStatus.SENDING, MessageStatus.ABANDONED])
def test_deliver_leaves_a_message_being_sent_or_abandoned_alone(status):
    message = MessageFactory.create(status=status, attempts=2)
    assert message_deliver(message_id=message.pk).status == status
    message.refresh_from_db()
    assert (message.status, message.attempts) == (status, 2)
    assert mail.outbox == []
    assert not message.delivery_attempts.exists()


@pytest.fixture
def admin_user():
    return User.objects.create_user(username="quantri", is_staff=True)


def test_resend_queues_a_copy_of_a_sent_message(admin_user):
    original = MessageFactory.create(
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        attempts=1,
        object_type="dossiers.Dossier",
        object_id="42",
        body_html="<p>Kính gửi</p>\n",
    )
    copy = message_resend(actor=admin_user, message_id=original.pk)

    assert copy.pk != original.pk
    assert copy.resend_of == original
    assert copy.status == MessageStatus.QUEUED
    assert copy.attempts == 0
    assert copy.provider_message_id == ""
    for field in ("channel", "recipient", "subject", "body_text", "body_html", "template", "object_type",
                  "object_id"):  # fmt: skip
        assert getattr(copy, field) == getattr(original, field)
    original.refresh_from_db()
    assert original.status == MessageStatus.SENT
    assert DBTaskResult.objects.get().args_kwargs == {"args": [copy.pk], "kwargs": {}}
    audit = AuditRecord.objects.get()
    assert (audit.action, audit.actor, audit.object_id) == ("message_resend", admin_user, str(copy.pk))
    assert audit.before == {"resend_of": original.pk, "status": "sent"}
    assert audit.after == {"status": "queued"}


@pytest.mark.parametrize("status", [MessageStatus.QUEUED, MessageStatus.FAILED, MessageStatus.SENDING])
def test_resend_refuses_a_message_still_in_progress(admin_user, status):
    original = MessageFactory.create(status=status)
    with pytest.raises(ValidationError) as caught:
        message_resend(actor=admin_user, message_id=original.pk)
    label = MessageStatus(status).label
    assert caught.value.messages == [
        "Chỉ gửi lại được thông báo đã gửi, đã dừng gửi hoặc bị gián đoạn khi đang gửi "
        f"(thông báo này đang ở trạng thái “{label}”)."
    ]
    assert Message.objects.count() == 1
    assert not DBTaskResult.objects.exists()
    assert not AuditRecord.objects.exists()


def test_resend_takes_over_a_message_stuck_in_sending(admin_user):
    with time_machine.travel(timezone.now() - timedelta(minutes=16), tick=False):
        stuck = MessageFactory.create(status=MessageStatus.SENDING, attempts=1)
    copy = message_resend(actor=admin_user, message_id=stuck.pk)

    stuck.refresh_from_db()
    assert stuck.status == MessageStatus.ABANDONED
    assert stuck.last_error == "Việc gửi bị gián đoạn giữa chừng; đã tạo bản gửi lại."
    assert copy.resend_of == stuck
    assert AuditRecord.objects.get().before == {"resend_of": stuck.pk, "status": "sending"}
