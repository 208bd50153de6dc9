"""Writes for notifications: queue a message (rendered now), deliver it, resend it.

The delivery task is enqueued in the transaction that creates the message: the task row is the outbox, so a
rollback removes both. Delivery is idempotent and counts its attempts on the message row; after the last
attempt the retry layer allows (settings.CQDT_TASK_MAX_ATTEMPTS) the message is marked abandoned.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import Any

import structlog
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail.utils import DNS_NAME
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone

from cqdt.core.audit import audit_record
from cqdt.notifications import senders
from cqdt.notifications.models import AttemptOutcome, Channel, DeliveryAttempt, Message, MessageStatus
from cqdt.notifications.providers import ProviderRefusedError, international_number, provider_for
from cqdt.notifications.rendering import render_message

log = structlog.get_logger(__name__)

# A worker killed in the middle of a delivery leaves its message in `sending`; after this long (well past
# any SMTP or gateway timeout) an administrator may resend it.
SENDING_STALE_AFTER = timedelta(minutes=15)
_SUBJECT_MAX_LENGTH = 255
_ERROR_MAX_LENGTH = 1000
_PROVIDER_ID_MAX_LENGTH = 255
_PHONE_CHANNELS = (Channel.SMS, Channel.ZALO)


def _enqueue_delivery(message: Message) -> None:
    from cqdt.notifications.tasks import deliver_message  # the task module imports this one

    deliver_message.enqueue(message.pk)


def _is_phone_number(value: str) -> bool:
    """A Vietnamese number the gateways accept (0… or +84…, spaces, dots and dashes ignored)."""
    try:
        international_number(value)
    except ProviderRefusedError:
        return False
    return True


def _check_recipient(channel: str, recipient: str) -> None:
    """An email address for email; a Vietnamese phone number for SMS and Zalo."""
    if channel not in Channel.values:
        raise ValidationError({"channel": f"Kênh gửi “{channel}” chưa được hỗ trợ."})
    if channel != Channel.EMAIL:
        if not _is_phone_number(recipient):
            raise ValidationError({"recipient": f"Số điện thoại “{recipient}” không hợp lệ."})
        return
    try:
        validate_email(recipient)
    except ValidationError:
        raise ValidationError({"recipient": "Địa chỉ thư điện tử không hợp lệ."}) from None


def _related(related: models.Model | None) -> tuple[str, str]:
    if related is None:
        return "", ""
    return related._meta.label, str(related.pk)


def message_enqueue(
    *,
    channel: str,
    recipient: str,
    template: str,
    context: Mapping[str, Any],
    related: models.Model | None = None,
) -> Message:
    """Render `template` with `context` now, store the message and queue its delivery (same transaction)."""
    recipient = recipient.strip()
    _check_recipient(channel, recipient)
    rendered = render_message(template=template, context=context, channel=channel)
    subject = rendered.subject
    if len(subject) > _SUBJECT_MAX_LENGTH:
        subject = subject[: _SUBJECT_MAX_LENGTH - 1] + "…"
    object_type, object_id = _related(related)
    with transaction.atomic():
        message = Message.objects.create(
            channel=channel,
            recipient=recipient,
            subject=subject,
            body_text=rendered.body_text,
            body_html=rendered.body_html,
            template=template,
            object_type=object_type,
            object_id=object_id,
        )
        _enqueue_delivery(message)
    log.info("message_queued", message_id=message.pk, template=template, channel=channel)
    return message


def _applicant_channels(*, email: str, phone: str) -> list[tuple[str, str]]:
    """(channel, recipient) pairs for an applicant: email if any, SMS and Zalo if a gateway is configured."""
    email, phone = email.strip(), phone.strip()
    routes: list[tuple[str, str]] = [(Channel.EMAIL, email)] if email else []
    phone_channels = [channel for channel in _PHONE_CHANNELS if provider_for(channel) is not None]
    if phone and phone_channels:
        if _is_phone_number(phone):
            routes.extend((channel, phone) for channel in phone_channels)
        else:
            # Typed at the counter (an extension, a note): not a reason to refuse the dossier action.
            log.warning("message_phone_unusable", channels=phone_channels)
    return routes


def message_enqueue_for_applicant(
    *,
    email: str,
    phone: str,
    template: str,
    context: Mapping[str, Any],
    related: models.Model | None = None,
) -> list[Message]:
    """Queue `template` to an applicant on every channel that reaches them, in the caller's transaction.

    Email when there is an address; SMS, and Zalo (ZNS, sent to the phone number), when there is a usable
    phone number and the channel's gateway is configured (CQDT_SMS_URL, CQDT_ZALO_URL).
    """
    with transaction.atomic():
        return [
            message_enqueue(
                channel=channel, recipient=recipient, template=template, context=context, related=related
            )
            for channel, recipient in _applicant_channels(email=email, phone=phone)
        ]


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:_ERROR_MAX_LENGTH]


def _claim(message_id: int) -> Message | None:
    """Mark the message `sending` and count the attempt; None when there is nothing to send."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status not in (MessageStatus.QUEUED, MessageStatus.FAILED):
            log.info("message_delivery_skipped", message_id=message.pk, status=message.status)
            return None
        message.status = MessageStatus.SENDING
        message.attempts += 1
        fields = ["status", "attempts", "updated_at"]
        if message.channel == Channel.EMAIL and not message.provider_message_id:
            # Kept across attempts, so a copy accepted twice after a lost reply can be recognised.
            message.provider_message_id = make_msgid(domain=str(DNS_NAME))
            fields.append("provider_message_id")
        message.save(update_fields=fields)
        return message


def _record_failure(message_id: int, attempt_at: datetime, error: Exception, *, permanent: bool) -> Message:
    description = _describe(error)
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        DeliveryAttempt.objects.create(
            message=message,
            number=message.attempts,
            at=attempt_at,
            outcome=AttemptOutcome.REJECTED if permanent else AttemptOutcome.FAILED,
            error=description,
        )
        give_up = permanent or message.attempts >= settings.CQDT_TASK_MAX_ATTEMPTS
        message.status = MessageStatus.ABANDONED if give_up else MessageStatus.FAILED
        message.last_error = description
        message.save(update_fields=["status", "last_error", "updated_at"])
    log.warning(
        "message_delivery_failed",
        message_id=message.pk,
        channel=message.channel,
        attempt=message.attempts,
        error_type=type(error).__name__,
        status=message.status,
    )
    return message


def _record_success(message_id: int, attempt_at: datetime, provider_message_id: str) -> Message:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        DeliveryAttempt.objects.create(
            message=message, number=message.attempts, at=attempt_at, outcome=AttemptOutcome.SENT
        )
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.provider_message_id = provider_message_id[:_PROVIDER_ID_MAX_LENGTH]
        message.save(update_fields=["status", "sent_at", "last_error", "provider_message_id", "updated_at"])
    log.info("message_sent", message_id=message.pk, channel=message.channel, attempt=message.attempts)
    return message


def message_deliver(*, message_id: int) -> Message:
    """Send a queued or failed message once; record the attempt; raise on a failure worth retrying.

    A message already sent, being sent or abandoned is left alone, so running the task twice sends once.
    The conversation with the SMTP server or gateway happens outside any transaction: the row is claimed
    first, then updated. A permanent refusal abandons the message without raising; any other failure is
    recorded and re-raised for the retry layer.
    """
    claimed = _claim(message_id)
    if claimed is None:
        return Message.objects.get(pk=message_id)
    attempt_at = timezone.now()
    try:
        provider_message_id = senders.send(claimed)
    except Exception as error:
        permanent = senders.is_permanent(error)
        message = _record_failure(message_id, attempt_at, error, permanent=permanent)
        if permanent:
            return message
        raise
    return _record_success(message_id, attempt_at, provider_message_id)


def message_resend(*, actor: AbstractBaseUser | None, message_id: int) -> Message:
    """Queue a fresh copy of a sent or abandoned message (or of one stuck in `sending`).

    The original keeps its own history; the copy points to it through `resend_of`.
    """
    with transaction.atomic():
        original = Message.objects.select_for_update().get(pk=message_id)
        stuck = (
            original.status == MessageStatus.SENDING
            and original.updated_at < timezone.now() - SENDING_STALE_AFTER
        )
        if original.status not in (MessageStatus.SENT, MessageStatus.ABANDONED) and not stuck:
            raise ValidationError(
                "Chỉ gửi lại được thông báo đã gửi, đã dừng gửi hoặc bị gián đoạn khi đang gửi "
                f"(thông báo này đang ở trạng thái “{original.get_status_display()}”)."
            )
        status_before = original.status
        if stuck:
            original.status = MessageStatus.ABANDONED
            original.last_error = "Việc gửi bị gián đoạn giữa chừng; đã tạo bản gửi lại."
            original.save(update_fields=["status", "last_error", "updated_at"])
        copy = Message.objects.create(
            channel=original.channel,
            recipient=original.recipient,
            subject=original.subject,
            body_text=original.body_text,
            body_html=original.body_html,
            template=original.template,
            object_type=original.object_type,
            object_id=original.object_id,
            resend_of=original,
        )
        _enqueue_delivery(copy)
        audit_record(
            actor=actor,
            action="message_resend",
            obj=copy,
            before={"resend_of": original.pk, "status": status_before},
            after={"status": copy.status},
        )
    return copy
