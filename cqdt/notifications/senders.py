"""Hand one stored message to the outside system of its channel: SMTP for email, an HTTP gateway for SMS/Zalo.

`send` returns the identifier the outside system knows the message by, or raises. `is_permanent` tells a
refusal that no retry can fix from a temporary failure. Nothing here touches the database.
"""

import smtplib
from collections.abc import Callable

from django.core.mail import EmailMultiAlternatives, get_connection

from cqdt.notifications.models import Channel, Message
from cqdt.notifications.providers import ProviderRefusedError, provider_for


class DeliveryRefusedError(Exception):
    """The provider accepted the connection but did not take the message."""


class ChannelNotConfiguredError(Exception):
    """No gateway is configured for the channel: retrying cannot help until an operator sets one up."""


def _send_email(message: Message) -> str:
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
    return message.provider_message_id


def _send_via_provider(message: Message) -> str:
    provider = provider_for(message.channel)
    if provider is None:
        raise ChannelNotConfiguredError(
            f"Chưa cấu hình cổng gửi SMS/Zalo cho kênh “{message.get_channel_display()}” "
            f"(thiết lập CQDT_{message.channel.upper()}_URL)."
        )
    # The public id is the same on every attempt, so the gateway can recognise a retry after a lost answer.
    return provider.send(
        recipient=message.recipient, text=message.body_text, reference=str(message.public_id)
    )


_SENDERS: dict[str, Callable[[Message], str]] = {
    Channel.EMAIL: _send_email,
    Channel.SMS: _send_via_provider,
    Channel.ZALO: _send_via_provider,
}


def send(message: Message) -> str:
    """Send `message` over its channel; the provider's identifier for it."""
    return _SENDERS[message.channel](message)


def is_permanent(error: BaseException) -> bool:
    """A refusal for good: every SMTP recipient refused with 5xx, a gateway refusal, no gateway configured."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, ProviderRefusedError | ChannelNotConfiguredError)
