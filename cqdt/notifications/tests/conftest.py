"""Fixtures: a real SMTP server for the delivery tests, or a port where nobody listens; an SMS gateway."""

from collections.abc import Iterator
from typing import Any

import pytest

from cqdt.notifications.tests.support import (
    Gateway,
    RecordingHandler,
    RefusingHandler,
    SmtpServer,
    free_port,
    point_email_at,
    point_gateway_at,
)


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    server = SmtpServer(RecordingHandler(), free_port())
    server.start()
    point_email_at(settings, server.port)
    yield server
    server.stop()


@pytest.fixture
def refusing_smtp_server(settings: Any) -> Iterator[SmtpServer]:
    server = SmtpServer(RefusingHandler(), free_port())
    server.start()
    point_email_at(settings, server.port)
    yield server
    server.stop()


@pytest.fixture
def closed_smtp_port(settings: Any) -> int:
    """A port nobody listens on: every connection is refused."""
    port = free_port()
    point_email_at(settings, port)
    return port


@pytest.fixture
def sms_gateway(settings: Any) -> Iterator[Gateway]:
    """A gateway on 127.0.0.1 configured as the SMS channel (CQDT_SMS_*); Zalo stays unconfigured."""
    with Gateway() as gateway:
        point_gateway_at(settings, "sms", gateway.url)
        settings.CQDT_ZALO_URL = ""
        yield gateway
