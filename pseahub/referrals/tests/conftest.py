"""Fixtures for the referral tests: a real SMTP server (aiosmtpd) that the real SMTP backend delivers to
(the root conftest empties the cache around every test)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from .helpers import parse_mail


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (connecting to it is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpServer:
    """An SMTP server on 127.0.0.1 that keeps every message it accepts. Created stopped: the port refuses
    connections until ``start()``."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[tuple[list[str], bytes]] = []
        self.reject: set[str] = set()  # addresses this server refuses ("550 no such mailbox")
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        if address in self.reject:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        with self._lock:
            self.received.append((list(envelope.rcpt_tos), bytes(envelope.original_content or envelope.content)))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, server_hostname="localhost")
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return [parse_mail(raw) for _rcpt, raw in self.received]

    def recipients(self) -> list[str]:
        with self._lock:
            return [address for rcpt, _raw in self.received for address in rcpt]


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    """The real SMTP backend pointed at a local port where nothing listens yet; ``smtp.start()`` opens it."""
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def smtp_server(smtp: SmtpServer) -> SmtpServer:
    """The real SMTP backend delivering to a running aiosmtpd server."""
    smtp.start()
    return smtp
