"""The acknowledgement reply: off by default; when on, one mail to the sender with the receipt and generic
advice, echoing nothing of the message (no subject, no quote)."""

import email
import threading
from email import policy

import pytest
from django.core import mail as django_mail

from pseahub.cases.models import Complaint
from pseahub.intake.adapters.mailbox import mailbox_poll
from pseahub.intake.services import receipt_open

from .imap_server import free_port, mail

STORY = "Heliotrope-Story-5821: the camp manager asked for sex for a shelter kit."
SUBJECT = "Lapis-Subject-6190"
SENDER = "reporter.3158@example.net"


def _receipt_in(body: str) -> str:
    line = next(line for line in body.splitlines() if line.startswith("Your receipt number is:"))
    return line.split(":", 1)[1].strip()


@pytest.mark.django_db
def test_it_sends_no_reply_by_default(personas, mailbox):
    mailbox.append(mail(STORY, sender=SENDER, subject=SUBJECT))

    result = mailbox_poll(channel=mailbox.channel)

    assert result.created == 1 and result.acknowledged == 0
    assert django_mail.outbox == []
    assert Complaint.objects.get().receipt_lookup.startswith("none-")


@pytest.mark.django_db
def test_it_replies_with_the_receipt_and_nothing_of_the_message(personas, mailbox):
    mailbox.configure(ack_reply=True)
    mailbox.append(mail(STORY, sender=f"Reporter <{SENDER}>", subject=SUBJECT))

    result = mailbox_poll(channel=mailbox.channel)

    assert result.acknowledged == 1
    assert len(django_mail.outbox) == 1
    reply = django_mail.outbox[0]
    assert reply.to == [SENDER]
    text = f"{reply.subject}\n{reply.body}\n{reply.extra_headers}"
    for echoed in ("Heliotrope", "camp manager", "shelter", SUBJECT, "Lapis", "Re:"):
        assert echoed not in text
    assert "PSEA" not in reply.subject  # the reporter's inbox may be seen by others
    receipt = _receipt_in(reply.body)
    access = receipt_open(receipt_text=receipt)
    assert access is not None and access.complaint == Complaint.objects.get()


@pytest.mark.django_db
def test_it_never_answers_automatic_mail(personas, mailbox):
    mailbox.configure(ack_reply=True)
    bounce = mail("Delivery failed", sender="MAILER-DAEMON@example.net")
    auto = mail("I am out of office", sender="someone@example.net").replace(
        b"Subject:", b"Auto-Submitted: auto-replied\r\nSubject:", 1
    )
    mailbox.append(bounce, auto)

    result = mailbox_poll(channel=mailbox.channel)

    assert result.created == 2 and result.acknowledged == 0
    assert django_mail.outbox == []


@pytest.mark.django_db
def test_it_keeps_the_complaint_when_the_reply_cannot_be_sent(personas, mailbox, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    mailbox.configure(ack_reply=True)
    mailbox.append(mail(STORY, sender=SENDER))

    result = mailbox_poll(channel=mailbox.channel)

    assert (result.created, result.acknowledged) == (1, 0)
    assert mailbox.unprocessed() == []


@pytest.mark.django_db
def test_it_replies_over_a_real_smtp_server(personas, mailbox, settings):
    controller_module = pytest.importorskip("aiosmtpd.controller")
    received: list[tuple[list[str], bytes]] = []
    lock = threading.Lock()

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            with lock:
                received.append((list(envelope.rcpt_tos), bytes(envelope.original_content or envelope.content)))
            return "250 Message accepted for delivery"

    port = free_port()
    controller = controller_module.Controller(Handler(), hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
        mailbox.configure(ack_reply=True)
        mailbox.append(mail(STORY, sender=SENDER, subject=SUBJECT))

        result = mailbox_poll(channel=mailbox.channel)
    finally:
        controller.stop()

    assert result.acknowledged == 1
    assert [rcpt for rcpt, _raw in received] == [[SENDER]]
    raw = received[0][1]
    for echoed in (b"Heliotrope", b"camp manager", SUBJECT.encode()):
        assert echoed not in raw
    reply = email.message_from_bytes(raw, policy=policy.default)
    assert receipt_open(receipt_text=_receipt_in(reply.get_content())) is not None
