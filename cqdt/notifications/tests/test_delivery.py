"""Delivery through a real SMTP server, run by the database worker as in production."""

import email
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage, MIMEPart
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cqdt.notifications.models import AttemptOutcome, DeliveryAttempt, Message, MessageStatus
from cqdt.notifications.services import message_deliver, message_enqueue
from cqdt.notifications.tasks import deliver_message
from cqdt.notifications.tests.support import (
    RECEIVED_BODY,
    RecordingHandler,
    SmtpServer,
    received_context,
    run_ready_tasks,
)

pytestmark = pytest.mark.django_db(transaction=True)

REFUSED = "ConnectionRefusedError: [Errno 111] Connection refused"


def enqueue_received(**kwargs: Any) -> Message:
    return message_enqueue(
        channel="email",
        recipient="an.nguyen@example.vn",
        template="dossiers/received",
        context=received_context(),
        **kwargs,
    )


def parse(raw: bytes | str | None) -> EmailMessage:
    assert isinstance(raw, bytes)
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def text_of(part: MIMEPart) -> str:
    return str(part.get_content()).replace("\r\n", "\n")


def outcomes(message: Message) -> list[tuple[int, str, str]]:
    return list(message.delivery_attempts.values_list("number", "outcome", "error"))


def test_queued_message_is_sent_over_smtp_in_vietnamese(smtp_server):
    group = Group.objects.create(name="Bộ phận Một cửa")
    message = enqueue_received(related=group)
    run_ready_tasks()

    [envelope] = smtp_server.envelopes
    assert envelope.mail_from == "no-reply@cqdt.example.vn"
    assert envelope.rcpt_tos == ["an.nguyen@example.vn"]
    received = parse(envelope.content)
    assert received["Subject"] == "Tiếp nhận hồ sơ H56.22-251120-0001"
    assert received["To"] == "an.nguyen@example.vn"
    assert received["From"] == "CQĐT <no-reply@cqdt.example.vn>"
    assert received.get_content_type() == "text/plain"
    assert received.get_content_charset() == "utf-8"
    assert text_of(received) == RECEIVED_BODY

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1
    assert message.last_error == ""
    assert message.sent_at is not None
    assert received["Message-ID"] == message.provider_message_id
    assert (message.object_type, message.object_id) == ("auth.Group", str(group.pk))
    assert outcomes(message) == [(1, AttemptOutcome.SENT, "")]
    result = DBTaskResult.objects.get()
    assert (result.status, result.return_value) == ("SUCCESSFUL", "sent")


def test_html_alternative_is_sent_with_the_text(smtp_server):
    message_enqueue(
        channel="email",
        recipient="truong.phong@example.vn",
        template="dossiers/deadline_warning",
        context={
            "staff_name": "Trần Thị Bình",
            "agency_name": "Bộ phận Một cửa UBND phường Đông Kinh",
            "generated_at": datetime(2025, 11, 20, 0, 0, tzinfo=UTC),
            "overdue": [
                {
                    "code": "H56.22-251110-0003",
                    "procedure_name": "Đăng ký khai sinh",
                    "applicant_name": "Hoàng Văn Đức",
                    "due_at": datetime(2025, 11, 19, 9, 0, tzinfo=UTC),
                }
            ],
            "due_soon": [],
            "backoffice_url": "https://motcua.langson.gov.vn/ho-so",
        },
    )
    run_ready_tasks()

    [envelope] = smtp_server.envelopes
    received = parse(envelope.content)
    # A long encoded subject is folded after "Subject:", which the parser reads back as a leading space.
    assert received["Subject"].lstrip() == "Cảnh báo thời hạn giải quyết hồ sơ: 1 quá hạn, 0 sắp đến hạn"
    assert received.get_content_type() == "multipart/alternative"
    plain, html = received.iter_parts()
    assert plain.get_content_type() == "text/plain"
    assert (
        "1. H56.22-251110-0003 | Đăng ký khai sinh | Hoàng Văn Đức | hạn trả: 19/11/2025 16:00\n"
        in text_of(plain)
    )
    assert html.get_content_type() == "text/html"
    assert (
        "<tr><td>1</td><td>H56.22-251110-0003</td><td>Đăng ký khai sinh</td><td>Hoàng Văn Đức</td>"
        "<td>19/11/2025 16:00</td></tr>" in text_of(html)
    )


def test_failure_is_logged_and_retried_later(closed_smtp_port):
    message = enqueue_received()
    before = timezone.now()
    run_ready_tasks()

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1
    assert message.last_error == REFUSED
    assert message.sent_at is None
    assert outcomes(message) == [(1, AttemptOutcome.FAILED, REFUSED)]
    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert failed.status == "FAILED"
    assert retry.status == "READY"
    assert retry.args_kwargs == {"args": [message.pk], "kwargs": {"attempt": 2}}
    assert timedelta(seconds=30) <= retry.run_after - before <= timedelta(seconds=34)


def test_retry_succeeds_once_the_server_is_back(closed_smtp_port):
    message = enqueue_received()
    start = timezone.now()
    run_ready_tasks()
    server = SmtpServer(RecordingHandler(), closed_smtp_port)
    server.start()
    try:
        with time_machine.travel(start + timedelta(minutes=1), tick=True):
            run_ready_tasks()
    finally:
        server.stop()

    assert len(server.envelopes) == 1
    assert text_of(parse(server.envelopes[0].content)) == RECEIVED_BODY
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 2
    assert [(n, outcome) for n, outcome, _ in outcomes(message)] == [
        (1, AttemptOutcome.FAILED),
        (2, AttemptOutcome.SENT),
    ]
    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True)) == [
        "FAILED",
        "SUCCESSFUL",
    ]


def test_message_is_abandoned_after_the_last_attempt(closed_smtp_port, settings):
    settings.CQDT_TASK_MAX_ATTEMPTS = 3
    message = enqueue_received()
    start = timezone.now()
    for hours_later in range(4):
        with time_machine.travel(start + timedelta(hours=hours_later), tick=True):
            run_ready_tasks()

    message.refresh_from_db()
    assert message.status == MessageStatus.ABANDONED
    assert message.attempts == 3
    assert message.last_error == REFUSED
    assert outcomes(message) == [(n, AttemptOutcome.FAILED, REFUSED) for n in (1, 2, 3)]
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_refused_recipient_is_abandoned_without_retry(refusing_smtp_server):
    message = enqueue_received()
    run_ready_tasks()

    message.refresh_from_db()
    assert message.status == MessageStatus.ABANDONED
    assert message.attempts == 1
    error = "SMTPRecipientsRefused: {'an.nguyen@example.vn': (550, b'5.1.1 Mailbox unavailable')}"
    assert message.last_error == error
    assert outcomes(message) == [(1, AttemptOutcome.REJECTED, error)]
    assert refusing_smtp_server.envelopes == []
    result = DBTaskResult.objects.get()
    assert (result.status, result.return_value) == ("SUCCESSFUL", "abandoned")


def test_rollback_removes_both_the_message_and_its_task():
    seen_inside: list[int] = []

    def change_that_fails() -> None:
        with transaction.atomic():
            enqueue_received()
            seen_inside.extend([Message.objects.count(), DBTaskResult.objects.count()])
            raise RuntimeError("the change that caused the message failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert seen_inside == [1, 1]
    assert Message.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_committed_message_has_its_task_row():
    with transaction.atomic():
        message = enqueue_received()

    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    assert task.task_path == "cqdt.notifications.tasks.deliver_message"
    assert task.args_kwargs == {"args": [message.pk], "kwargs": {}}


def test_delivering_twice_sends_one_email(smtp_server):
    message = enqueue_received()
    run_ready_tasks()
    deliver_message.enqueue(message.pk)
    run_ready_tasks()
    again = message_deliver(message_id=message.pk)

    assert len(smtp_server.envelopes) == 1
    assert again.status == MessageStatus.SENT
    assert again.attempts == 1
    assert DeliveryAttempt.objects.count() == 1
    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", "return_value")) == [
        ("SUCCESSFUL", "sent"),
        ("SUCCESSFUL", "sent"),
    ]
