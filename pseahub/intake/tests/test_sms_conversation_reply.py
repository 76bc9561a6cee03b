"""A coordinator's message reaches the reporter's sealed number over the channel the complaint came by."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Channel, Complaint
from pseahub.cases.services import ComplaintInput, complaint_create
from pseahub.intake.adapters.sms import Relayed, conversation_reply

from .hooks_helpers import NUMBER, FakeProvider, channel_make, keyring_private_of, twilio_params, twilio_post


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.mark.django_db
def test_it_sends_the_coordinators_message_to_the_sealed_number(client, personas, monkeypatch, provider):
    channel = channel_make(
        monkeypatch, provider="twilio", slug="twilio-wa", type="whatsapp", api_base=provider.url, account_sid="AC1"
    )
    twilio_post(client, channel, twilio_params(sender=f"whatsapp:{NUMBER}"))
    provider.wait()  # the receipt
    complaint = Complaint.objects.get()

    sent = conversation_reply(
        actor=personas.coordinator,
        complaint=complaint,
        keyring_private=keyring_private_of(personas.coordinator, complaint),
        body="Can you tell us where this happened?",
    )

    assert sent == Relayed.SENT
    message = provider.requests[-1]
    assert message.form["To"] == f"whatsapp:{NUMBER}"
    assert message.form["Body"] == "Can you tell us where this happened?"
    event = AuditEvent.objects.get(action=Action.REPORTER_MESSAGE_RELAYED)
    assert event.actor_id == personas.coordinator.pk
    assert event.data == {"channel": "twilio-wa", "provider": "twilio", "sent": True}


@pytest.mark.django_db
def test_it_does_nothing_for_a_complaint_from_the_web_form(personas):
    complaint = complaint_create(actor=None, data=ComplaintInput(channel=Channel.WEB, narrative="x")).complaint

    sent = conversation_reply(
        actor=personas.coordinator,
        complaint=complaint,
        keyring_private=keyring_private_of(personas.coordinator, complaint),
        body="Hello",
    )

    assert sent is None
    assert not AuditEvent.objects.filter(action=Action.REPORTER_MESSAGE_RELAYED).exists()


@pytest.mark.django_db
def test_it_reports_a_refused_send(client, personas, monkeypatch):
    failing = FakeProvider(status=400)
    try:
        channel = channel_make(
            monkeypatch, provider="twilio", slug="twilio-sms", api_base=failing.url, account_sid="AC1", reply_sync=True
        )
        twilio_post(client, channel, twilio_params())
        complaint = Complaint.objects.get()

        sent = conversation_reply(
            actor=personas.coordinator,
            complaint=complaint,
            keyring_private=keyring_private_of(personas.coordinator, complaint),
            body="Hello",
        )

        assert sent == Relayed.FAILED
        assert AuditEvent.objects.get(action=Action.REPORTER_MESSAGE_RELAYED).data["sent"] is False
    finally:
        failing.close()
