"""The neutral mailbox over STARTTLS (port 143) and IMAP over TLS, against a real Dovecot with a throw-away CA.

The password is sent only on a verified TLS connection: an untrusted certificate or a server that does not
offer STARTTLS is refused before signing in, nothing is taken in and nothing is marked on the server.
"""

from __future__ import annotations

import imaplib
import logging
import shutil
import ssl
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pseahub.cases.models import Complaint
from pseahub.intake.adapters.mailbox import MailboxConfig, MailboxError, mailbox_poll, mailbox_poll_enabled
from pseahub.intake.models import InboundMessage

from .imap_server import (
    PASSWORD_ENV,
    Certificates,
    DovecotServer,
    DovecotUnavailableError,
    Mailbox,
    certificates_make,
    free_port,
    mail,
    mailbox_channel,
    opened,
)

STORY = "Wombat-Cellar-5120: the driver asked for sex in exchange for a place on the list."


@pytest.fixture(scope="module")
def certificates() -> Iterator[dict[str, Certificates]]:
    """The server's CA ("ours") and an unrelated CA ("other") that did not sign the server's certificate."""
    root = Path(tempfile.mkdtemp(prefix="pseahub-tls-"))
    try:
        yield {"ours": certificates_make(root / "ours"), "other": certificates_make(root / "other", name="Other CA")}
    except DovecotUnavailableError as exc:
        pytest.skip(str(exc))
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def dovecot_tls(certificates: dict[str, Certificates]) -> Iterator[DovecotServer]:
    """A Dovecot offering STARTTLS on ``port`` and IMAP over TLS on ``imaps_port``."""
    try:
        server = DovecotServer.start(tls=certificates["ours"])
    except DovecotUnavailableError as exc:
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def tls_mailbox(
    dovecot_tls: DovecotServer, certificates: dict[str, Certificates], db: None, monkeypatch: pytest.MonkeyPatch
) -> Mailbox:
    """An IMAP channel reading a new folder over STARTTLS, trusting the server's private CA."""
    monkeypatch.setenv(PASSWORD_ENV, dovecot_tls.password)
    folder = dovecot_tls.new_folder()
    channel = mailbox_channel(
        dovecot_tls, folder, slug="mailbox-tls", security="starttls", ca_file=str(certificates["ours"].ca_file)
    )
    return Mailbox(server=dovecot_tls, folder=folder, channel=channel)


@pytest.fixture
def sign_ins(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every sign-in the adapter makes (not the tests' own client), as "was the connection TLS then"."""
    seen: list[bool] = []
    original = imaplib.IMAP4.login

    def login(self: imaplib.IMAP4, user: str, password: str) -> Any:
        if sys._getframe(1).f_globals.get("__name__") == "pseahub.intake.adapters.mailbox":
            seen.append(isinstance(self.sock, ssl.SSLSocket))
        return original(self, user, password)

    monkeypatch.setattr(imaplib.IMAP4, "login", login)
    return seen


# --- over the wire ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_it_takes_in_a_message_over_starttls_with_the_private_ca(personas, tls_mailbox, sign_ins):
    tls_mailbox.append(mail(STORY))

    result = mailbox_poll(channel=tls_mailbox.channel)

    assert (result.fetched, result.created, result.failed) == (1, 1, 0)
    assert sign_ins == [True]  # the password went only over the upgraded connection
    assert MailboxConfig.from_channel(tls_mailbox.channel).port == tls_mailbox.server.port
    complaint = Complaint.objects.get()
    assert opened(complaint, personas.coordinator, personas.password)["narrative"] == STORY
    assert tls_mailbox.processed() == [1] and tls_mailbox.unprocessed() == []


@pytest.mark.django_db
def test_it_takes_in_a_message_over_implicit_tls_with_the_private_ca(personas, tls_mailbox, sign_ins):
    tls_mailbox.configure(security="tls", port=tls_mailbox.server.imaps_port)
    tls_mailbox.append(mail(STORY))

    result = mailbox_poll(channel=tls_mailbox.channel)

    assert result.created == 1 and sign_ins == [True]
    assert tls_mailbox.processed() == [1]


@pytest.mark.django_db
@pytest.mark.parametrize("trust", ["other CA", "system CAs"])
def test_it_refuses_an_untrusted_certificate_and_takes_nothing_in(
    personas, tls_mailbox, certificates, sign_ins, caplog, trust
):
    tls_mailbox.configure(ca_file=str(certificates["other"].ca_file) if trust == "other CA" else "")
    tls_mailbox.append(mail(STORY))

    with (
        caplog.at_level(logging.WARNING, logger="pseahub.intake.adapters.mailbox"),
        pytest.raises(MailboxError, match=r"could not be verified.*set ca_file"),
    ):
        mailbox_poll(channel=tls_mailbox.channel)

    assert sign_ins == []  # never signed in: the password did not leave
    assert Complaint.objects.count() == 0 and InboundMessage.objects.count() == 0
    assert tls_mailbox.unprocessed() == [1] and tls_mailbox.processed() == []
    assert "mailbox-tls: refused" in caplog.text and "could not be verified" in caplog.text
    assert tls_mailbox.server.password not in caplog.text


@pytest.mark.django_db
def test_it_refuses_an_untrusted_certificate_over_implicit_tls(personas, tls_mailbox, certificates, sign_ins):
    tls_mailbox.configure(
        security="tls", port=tls_mailbox.server.imaps_port, ca_file=str(certificates["other"].ca_file)
    )
    tls_mailbox.append(mail(STORY))

    with pytest.raises(MailboxError, match="could not be verified"):
        mailbox_poll(channel=tls_mailbox.channel)

    assert sign_ins == [] and Complaint.objects.count() == 0 and tls_mailbox.unprocessed() == [1]


@pytest.mark.django_db
def test_it_refuses_a_server_that_does_not_offer_starttls(personas, mailbox, certificates, sign_ins, caplog):
    """The session's Dovecot runs without TLS: no fallback to plain text, the password is never sent."""
    mailbox.configure(security="starttls", ca_file=str(certificates["ours"].ca_file))
    mailbox.append(mail(STORY))

    with caplog.at_level(logging.WARNING, logger="pseahub.intake.adapters.mailbox"):
        with pytest.raises(MailboxError, match="does not offer STARTTLS"):
            mailbox_poll(channel=mailbox.channel)
        # The periodic task logs it and goes on with the other mailboxes.
        assert mailbox_poll_enabled() == {"mailbox": {"error": 1}}

    assert sign_ins == []
    assert Complaint.objects.count() == 0 and mailbox.unprocessed() == [1]
    assert "mailbox: refused 127.0.0.1" in caplog.text and "does not offer STARTTLS" in caplog.text
    assert mailbox.server.password not in caplog.text


@pytest.mark.django_db
def test_it_refuses_a_ca_file_it_cannot_read(personas, tls_mailbox, sign_ins):
    tls_mailbox.configure(ca_file="/nonexistent/pseahub-ca.pem")

    with pytest.raises(MailboxError, match=r"ca_file .* cannot be read"):
        mailbox_poll(channel=tls_mailbox.channel)

    assert sign_ins == []


# --- configuration ------------------------------------------------------------------------------------------
def _config(**raw: Any) -> MailboxConfig:
    from pseahub.intake.models import IntakeChannel

    return MailboxConfig.from_channel(
        IntakeChannel(slug="box", config={"host": "imap.example.org", "username": "u", **raw})
    )


def test_it_defaults_to_tls_on_993_and_starttls_on_143():
    assert (_config().security, _config().port) == ("tls", 993)
    assert (_config(security="starttls").security, _config(security="starttls").port) == ("starttls", 143)
    assert _config(security="STARTTLS", port=1143).port == 1143


def test_it_reads_the_older_tls_flag():
    assert _config(tls=True).security == "tls"
    assert _config(tls=False, host="127.0.0.1").security == "plain"


@pytest.mark.parametrize("host", ["imap.example.org", "192.168.1.10", "10.0.0.1", "127.example.org"])
def test_it_allows_plain_imap_only_on_this_machine(host):
    with pytest.raises(MailboxError, match="only allowed for a server on this machine"):
        _config(security="plain", host=host)
    with pytest.raises(MailboxError, match="only allowed for a server on this machine"):
        _config(tls=False, host=host)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"])
def test_it_allows_plain_imap_on_loopback(host):
    assert _config(security="plain", host=host).port == 143


def test_it_refuses_an_unknown_or_contradictory_security():
    with pytest.raises(MailboxError, match="security must be one of tls, starttls, plain"):
        _config(security="ssl")
    with pytest.raises(MailboxError, match="contradict"):
        _config(security="plain", tls=True, host="127.0.0.1")


def test_it_keeps_the_ca_file():
    assert _config(security="starttls", ca_file="/etc/pseahub/network-ca.pem").ca_file == "/etc/pseahub/network-ca.pem"


@pytest.mark.django_db
def test_a_closed_port_is_a_network_error_not_a_silent_success(personas, tls_mailbox):
    tls_mailbox.configure(port=free_port())

    with pytest.raises(OSError):
        mailbox_poll(channel=tls_mailbox.channel)
