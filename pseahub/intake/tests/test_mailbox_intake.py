"""A message in the neutral mailbox becomes exactly one sealed complaint, and is marked only after that."""

import pytest

from pseahub.audit.actions import Action
from pseahub.audit.models import AuditEvent
from pseahub.cases.models import Complaint
from pseahub.intake.adapters.mail_parse import external_id_for
from pseahub.intake.adapters.mailbox import mailbox_poll
from pseahub.intake.models import InboundMessage

from .imap_server import mail, opened

STORY = "Quokka-Marimba-4471: the guard at the water point asked my sister for sex for a food card."
SENDER = "aminata.halcyon.2290@example.net"
SUBJECT = "Tamarind-Subject-6612"
MESSAGE_ID = "<Persimmon-6603.laptop@example.net>"


@pytest.mark.django_db
def test_it_turns_a_message_into_one_sealed_complaint(personas, mailbox):
    mailbox.append(mail(STORY, sender=SENDER, subject=SUBJECT, message_id=MESSAGE_ID))

    result = mailbox_poll(channel=mailbox.channel)

    assert (result.fetched, result.created, result.duplicates, result.failed) == (1, 1, 0, 0)
    complaint = Complaint.objects.get()
    assert complaint.channel == "email" and not complaint.is_quarantined
    assert complaint.receipt_lookup.startswith("none-")  # no reply configured: no receipt derived
    content = opened(complaint, personas.coordinator, personas.password)
    assert content["narrative"] == STORY
    assert content["reporter_contact"] == SENDER
    assert content["channel_detail"] == {"subject": SUBJECT}
    # Nothing of the message is in clear in the database row; the Message-ID is kept only as a hash.
    sealed = bytes(complaint.sealed)
    for secret in (STORY, "Quokka-Marimba", SENDER, SUBJECT, "Persimmon-6603"):
        assert secret.encode() not in sealed
    inbound = InboundMessage.objects.get()
    assert inbound.complaint == complaint and inbound.channel == mailbox.channel
    assert inbound.external_id == external_id_for(MESSAGE_ID, b"")
    assert "Persimmon" not in inbound.external_id
    event = AuditEvent.objects.get(action=Action.COMPLAINT_CREATED)
    assert event.target_id == str(complaint.public_id) and event.data == {"channel": "email", "attachments": 0}
    # Marked processed on the server, after the commit.
    assert mailbox.processed() == [1] and mailbox.unprocessed() == []


@pytest.mark.django_db
def test_it_creates_nothing_on_a_second_poll(personas, mailbox):
    mailbox.append(mail("first"), mail("second"))
    first = mailbox_poll(channel=mailbox.channel)

    again = mailbox_poll(channel=mailbox.channel)

    assert first.created == 2
    assert (again.fetched, again.created, again.duplicates) == (0, 0, 0)
    assert Complaint.objects.count() == 2 and InboundMessage.objects.count() == 2


@pytest.mark.django_db
def test_it_only_marks_a_message_already_taken_in(personas, mailbox):
    """The state a crash leaves: the complaint committed, the message not yet marked on the server."""
    raw = mail("taken in before the crash")
    mailbox.append(raw)
    mailbox_poll(channel=mailbox.channel)
    with mailbox.server.client(mailbox.folder) as imap:
        imap.uid("STORE", "1", "-FLAGS", "($PseaIngested)")
    assert mailbox.unprocessed() == [1]

    result = mailbox_poll(channel=mailbox.channel)

    assert (result.created, result.duplicates) == (0, 1)
    assert Complaint.objects.count() == 1
    assert mailbox.unprocessed() == []


@pytest.mark.django_db
def test_it_takes_one_complaint_for_the_same_message_delivered_twice(personas, mailbox):
    raw = mail("sent to two addresses of the network", message_id="<same-1@example.net>")
    mailbox.append(raw, raw)

    result = mailbox_poll(channel=mailbox.channel)

    assert (result.created, result.duplicates) == (1, 1)
    assert Complaint.objects.count() == 1
    assert mailbox.unprocessed() == []


@pytest.mark.django_db
def test_it_keys_a_message_without_message_id_by_its_content(personas, mailbox):
    raw = b"From: someone@example.net\r\nSubject: no id\r\n\r\nNo Message-ID here.\r\n"
    mailbox.append(raw)

    mailbox_poll(channel=mailbox.channel)

    assert InboundMessage.objects.get().external_id.startswith("sha256:")
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_it_takes_in_at_most_limit_messages(personas, mailbox):
    mailbox.append(*(mail(f"message {i}") for i in range(3)))

    result = mailbox_poll(channel=mailbox.channel, limit=2)

    assert result.created == 2 and mailbox.unprocessed() == [3]


@pytest.mark.django_db
def test_it_moves_processed_messages_when_configured(personas, mailbox):
    with mailbox.server.client() as imap:
        imap.create("Processed")
    mailbox.configure(move_to="Processed")
    mailbox.append(mail("to be moved"))

    result = mailbox_poll(channel=mailbox.channel)

    assert result.created == 1
    assert mailbox.server.uids(mailbox.folder) == []
    assert len(mailbox.server.uids("Processed", "KEYWORD", "$PseaIngested")) == 1
