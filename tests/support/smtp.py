"""A real SMTP server on loopback (aiosmtpd), and a fixture that points the app's mail at it.

Use `mailbox` in a test to turn mail on for `app` and read what arrived:
`mailbox.messages` holds each delivered message, parsed; `mailbox.refuse = True` makes the
server answer 451 to every message; `mailbox.stop()` / `mailbox.start()` close and reopen
the port, for a server that is down and comes back.
"""

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from flask import Flask


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """An SMTP server that keeps what it receives, and can refuse or go away on demand."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.refuse = False
        self.controller: Controller | None = None

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refuse:
            return "451 4.3.0 Try again later"
        # SMTP lines end in CRLF; tests read the text as Python writes it.
        content = envelope.original_content.replace(b"\r\n", b"\n")
        message = message_from_bytes(content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[EmailMessage]:
        """Return the messages delivered to one address, oldest first."""
        return [m for m in self.messages if m["X-Envelope-To"] == address]

    def clear(self) -> None:
        self.messages.clear()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(app: Flask, smtp: SmtpServer) -> SmtpServer:
    """Send the app's mail to the loopback server, retrying failures at once."""
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_TIMEOUT=5, MAIL_RETRY_SECONDS=0
    )
    return smtp
