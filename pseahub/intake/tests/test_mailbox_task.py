"""The periodic task polls every enabled IMAP channel, every minute under ``run_scheduler``."""

import imaplib

import pytest

from pseahub.cases.models import Complaint
from pseahub.core.discovery import periodic_tasks
from pseahub.intake.adapters.mailbox import MailboxError, mailbox_poll
from pseahub.intake.tasks import mailbox_poll_all

from .imap_server import mail, mailbox_channel


def test_it_is_scheduled_every_minute():
    assert (mailbox_poll_all, 60) in periodic_tasks()


@pytest.mark.django_db
def test_it_polls_enabled_channels_and_survives_a_broken_one(personas, mailbox, monkeypatch):
    mailbox.append(mail("first mailbox"))
    disabled_folder = mailbox.server.new_folder()
    mailbox.server.append(disabled_folder, mail("disabled mailbox"))
    disabled = mailbox_channel(mailbox.server, disabled_folder, slug="disabled")
    disabled.is_enabled = False
    disabled.save(update_fields=["is_enabled"])
    broken = mailbox_channel(mailbox.server, mailbox.folder, slug="broken", secret_env="PSEAHUB_TEST_NO_SUCH_VAR")
    monkeypatch.delenv(broken.secret_env, raising=False)

    result = mailbox_poll_all.enqueue()

    summary = result.return_value
    assert summary["mailbox"]["created"] == 1
    assert summary["broken"] == {"error": 1}
    assert "disabled" not in summary
    assert Complaint.objects.count() == 1
    assert mailbox.server.uids(disabled_folder, "UNKEYWORD", "$PseaIngested") == [1]


@pytest.mark.django_db
def test_it_refuses_a_channel_without_its_settings(personas, mailbox):
    mailbox.channel.config = {"host": "127.0.0.1"}
    with pytest.raises(MailboxError, match="host and username"):
        mailbox_poll(channel=mailbox.channel)


@pytest.mark.django_db
def test_it_refuses_a_wrong_password_without_taking_anything_in(personas, mailbox, monkeypatch):
    monkeypatch.setenv("PSEAHUB_TEST_IMAP_PASSWORD", "wrong")
    mailbox.append(mail("waits for the right password"))

    with pytest.raises(imaplib.IMAP4.error, match="AUTHENTICATIONFAILED"):
        mailbox_poll(channel=mailbox.channel)

    assert Complaint.objects.count() == 0 and mailbox.unprocessed() == [1]
