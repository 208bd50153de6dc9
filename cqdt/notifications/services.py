"""Writes for notifications: queue a message (rendered now), deliver it, resend it.

The delivery task is enqueued in the transaction that creates the message: the task row is the outbox, so a
rollback removes both. Delivery is idempotent and counts its attempts on the message row; after the last
attempt the retry layer allows (settings.CQDT_TASK_MAX_ATTEMPTS) the message is marked abandoned.
"""

import smtplib
from collections.abc import Mapping
from datetime import timedelta
from email.utils import make_msgid
from typing import Any

import structlog
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone

from cqdt.core.audit import audit_record
from cqdt.notifications.models import AttemptOutcome, Channel, DeliveryAttempt, Message, MessageStatus
from cqdt.notifications.rendering import render_message

log = structlog.get_logger(__name__)

# A worker killed in the middle of an SMTP conversation leaves its message in `sending`; after this long
# (well past any SMTP timeout) an administrator may resend it.
SENDING_STALE_AFTER = timedelta(minutes=15)
_SUBJECT_MAX_LENGTH = 255
_ERROR_MAX_LENGTH = 1000


class DeliveryRefusedError(Exception):
    """The provider accepted the connection but did not take the message."""


def _enqueue_delivery(message: Message) -> None:
    from cqdt.notifications.tasks import deliver_message  # the task module imports this one

    deliver_message.enqueue(message.pk)


def _check_recipient(channel: str, recipient: str) -> None:
    if channel not in Channel.values:
        raise ValidationError({"channel": f"Kênh gửi “{channel}” chưa được hỗ trợ."})
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
    rendered = render_message(template=template, context=context)
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


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:_ERROR_MAX_LENGTH]


def _is_permanent(error: BaseException) -> bool:
    """Every recipient refused with a 5xx code: retrying cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _ in error.recipients.values())
    return False


def _send_email(message: Message) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        to=[message.recipient],
        headers={"Message-ID": message.provider_message_id},
        connection=get_connection(fail_silently=False),
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    if email.send(fail_silently=False) != 1:
        raise DeliveryRefusedError("Máy chủ thư không nhận thư.")


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
        if not message.provider_message_id:
            # Kept across attempts, so a copy accepted twice after a lost reply can be recognised.
            message.provider_message_id = make_msgid(domain=str(DNS_NAME))
            fields.append("provider_message_id")
        message.save(update_fields=fields)
        return message


def message_deliver(*, message_id: int) -> Message:
    """Send a queued or failed message once; record the attempt; raise on a failure worth retrying.

    A message already sent, being sent or abandoned is left alone, so running the task twice sends one email.
    The SMTP conversation happens outside any transaction: the row is claimed first, then updated.
    """
    claimed = _claim(message_id)
    if claimed is None:
        return Message.objects.get(pk=message_id)
    attempt_at = timezone.now()
    try:
        _send_email(claimed)
    except Exception as error:
        permanent = _is_permanent(error)
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
            attempt=message.attempts,
            error_type=type(error).__name__,
            status=message.status,
        )
        if permanent:
            return message
        raise
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        DeliveryAttempt.objects.create(
            message=message, number=message.attempts, at=attempt_at, outcome=AttemptOutcome.SENT
        )
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "last_error", "updated_at"])
    log.info("message_sent", message_id=message.pk, attempt=message.attempts)
    return message


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
