"""SMS and Zalo delivery through a real gateway on 127.0.0.1 (the format of docs/portal.md)."""

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from cqdt.notifications.models import AttemptOutcome, Message, MessageStatus
from cqdt.notifications.providers import ProviderError
from cqdt.notifications.rendering import TemplateContextError
from cqdt.notifications.services import message_deliver, message_enqueue
from cqdt.notifications.tests.support import Gateway, point_gateway_at, received_context, run_ready_tasks

pytestmark = pytest.mark.django_db

RECEIVED_SMS = (
    "UBND phường Đông Kinh đã tiếp nhận hồ sơ H56.22-251120-0001. Hẹn trả kết quả: 04/12/2025 16:00.\n"
    "Tra cứu: https://dichvucong.langson.gov.vn/tra-cuu-ho-so"
)
HTTP_500 = "ProviderError: HTTP 500 từ cổng sms"


def enqueue_received(channel: str = "sms", recipient: str = "0912 345 678") -> Message:
    return message_enqueue(
        channel=channel, recipient=recipient, template="dossiers/received", context=received_context()
    )


def outcomes(message: Message) -> list[tuple[int, str, str]]:
    return list(message.delivery_attempts.values_list("number", "outcome", "error"))


def expected_request(message: Message, **body: Any) -> dict[str, Any]:
    return {
        "path": "/api/v1/messages",
        "authorization": "Bearer sms-token",
        "content_type": "application/json; charset=utf-8",
        "body": {
            "channel": "sms",
            "sender": "UBND-LANGSON",
            "to": "84912345678",
            "text": RECEIVED_SMS,
            "reference": str(message.public_id),
            **body,
        },
    }


def test_sms_is_rendered_short_and_delivered_through_the_gateway(sms_gateway):
    message = enqueue_received()
    assert (message.channel, message.recipient) == ("sms", "0912 345 678")
    assert message.subject == "Tiếp nhận hồ sơ H56.22-251120-0001"
    assert (message.body_text, message.body_html) == (RECEIVED_SMS, "")

    with time_machine.travel("2025-11-20 01:30:05+00:00", tick=False):
        delivered = message_deliver(message_id=message.pk)

    assert sms_gateway.requests == [expected_request(message)]
    assert delivered.status == MessageStatus.SENT
    assert delivered.provider_message_id == "gw-1"
    assert delivered.sent_at == datetime(2025, 11, 20, 1, 30, 5, tzinfo=UTC)
    assert (delivered.attempts, delivered.last_error) == (1, "")
    assert outcomes(delivered) == [(1, AttemptOutcome.SENT, "")]
    message_deliver(message_id=message.pk)
    assert len(sms_gateway.requests) == 1  # delivering again sends nothing


def test_zalo_goes_to_the_zalo_gateway(settings):
    with Gateway() as zalo:
        point_gateway_at(settings, "zalo", zalo.url)
        settings.CQDT_SMS_URL = ""
        zalo.answer = {"code": "00", "message": "Thành công", "message_id": "zns-77"}
        message = enqueue_received(channel="zalo", recipient="+84 912 345 678")
        delivered = message_deliver(message_id=message.pk)

    assert zalo.requests[0]["authorization"] == "Bearer zalo-token"
    assert zalo.bodies == [
        {
            "channel": "zalo",
            "sender": "oa-1234",
            "to": "84912345678",
            "text": RECEIVED_SMS,
            "reference": str(message.public_id),
        }
    ]
    assert (delivered.status, delivered.provider_message_id) == (MessageStatus.SENT, "zns-77")


def test_gateway_error_is_retried_with_the_same_reference(sms_gateway):
    message = enqueue_received()
    sms_gateway.status = 500
    with pytest.raises(ProviderError, match=r"^HTTP 500 từ cổng sms$"):
        message_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.FAILED, 1, HTTP_500)
    assert message.provider_message_id == ""
    assert outcomes(message) == [(1, AttemptOutcome.FAILED, HTTP_500)]

    sms_gateway.status = 200
    sms_gateway.answer = {"code": "00", "message": "Thành công", "message_id": "gw-2"}
    delivered = message_deliver(message_id=message.pk)

    assert sms_gateway.requests == [expected_request(message), expected_request(message)]
    assert (delivered.status, delivered.attempts, delivered.last_error) == (MessageStatus.SENT, 2, "")
    assert delivered.provider_message_id == "gw-2"
    assert outcomes(delivered) == [(1, AttemptOutcome.FAILED, HTTP_500), (2, AttemptOutcome.SENT, "")]


def test_temporary_failures_abandon_the_message_after_the_last_attempt(sms_gateway, settings):
    settings.CQDT_TASK_MAX_ATTEMPTS = 2
    sms_gateway.status = 503
    message = enqueue_received()
    for _ in range(2):
        with pytest.raises(ProviderError):
            message_deliver(message_id=message.pk)

    message.refresh_from_db()
    error = "ProviderError: HTTP 503 từ cổng sms"
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.ABANDONED, 2, error)
    assert outcomes(message) == [(1, AttemptOutcome.FAILED, error), (2, AttemptOutcome.FAILED, error)]


def test_a_refusal_code_abandons_the_message_without_retry(sms_gateway):
    sms_gateway.answer = {"code": "07", "message": "Số thuê bao không tồn tại"}
    message = enqueue_received()

    abandoned = message_deliver(message_id=message.pk)

    error = "ProviderRefusedError: Cổng sms từ chối (mã 07): Số thuê bao không tồn tại"
    assert (abandoned.status, abandoned.attempts, abandoned.last_error) == (MessageStatus.ABANDONED, 1, error)
    assert abandoned.sent_at is None
    assert outcomes(abandoned) == [(1, AttemptOutcome.REJECTED, error)]
    message_deliver(message_id=message.pk)
    assert len(sms_gateway.requests) == 1


def test_without_a_configured_gateway_the_message_is_abandoned(settings):
    settings.CQDT_SMS_URL = ""
    message = enqueue_received()

    abandoned = message_deliver(message_id=message.pk)

    error = (
        "ChannelNotConfiguredError: Chưa cấu hình cổng gửi SMS/Zalo cho kênh “Tin nhắn SMS” "
        "(thiết lập CQDT_SMS_URL)."
    )
    assert (abandoned.status, abandoned.attempts, abandoned.last_error) == (MessageStatus.ABANDONED, 1, error)
    assert outcomes(abandoned) == [(1, AttemptOutcome.REJECTED, error)]


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_an_sms_and_schedules_a_retry_after_a_failure(sms_gateway):
    sms_gateway.status = 429
    message = enqueue_received()
    run_ready_tasks()

    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert (failed.status, retry.status) == ("FAILED", "READY")
    assert retry.args_kwargs == {"args": [message.pk], "kwargs": {"attempt": 2}}
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error == "ProviderError: HTTP 429 từ cổng sms"


@pytest.mark.django_db(transaction=True)
def test_the_worker_reports_a_delivered_sms(sms_gateway):
    message = enqueue_received()
    run_ready_tasks()

    result = DBTaskResult.objects.get()
    assert (result.status, result.return_value) == ("SUCCESSFUL", "sent")
    assert sms_gateway.requests == [expected_request(message)]


def test_an_invalid_phone_number_is_refused_at_enqueue(sms_gateway):
    with pytest.raises(ValidationError) as caught:
        enqueue_received(recipient="0912 345")
    assert caught.value.message_dict == {"recipient": ["Số điện thoại “0912 345” không hợp lệ."]}
    assert not Message.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_template_without_short_text_cannot_go_by_sms(sms_gateway):
    with pytest.raises(TemplateContextError, match="has no short text"):
        message_enqueue(
            channel="sms",
            recipient="0912345678",
            template="documents/assignment_deadline",
            context={
                "staff_name": "Hoàng Văn Toàn",
                "agency_name": "Sở Tư pháp tỉnh Lạng Sơn",
                "generated_at": datetime(2025, 11, 20, tzinfo=UTC),
                "overdue": [],
                "due_soon": [],
                "workspace_url": "https://vanban.langson.gov.vn/van-ban/",
            },
        )
    assert not Message.objects.exists()
    assert sms_gateway.requests == []
