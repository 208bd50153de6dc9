"""Fixtures: a real SMTP server for the delivery tests, or a port where nobody listens."""

from collections.abc import Iterator
from typing import Any

import pytest

from cqdt.notifications.tests.support import (
    RecordingHandler,
    RefusingHandler,
    SmtpServer,
    free_port,
    point_email_at,
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
