"""Messages from one number in an open conversation join its complaint; the number is only hashed."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint, Message, MessageDirection, Status
from pseahub.intake.models import Conversation

from .hooks_helpers import channel_make, generic_payload, generic_post, keyring_private_of, twilio_params, twilio_post


@pytest.mark.django_db
def test_it_threads_follow_ups_from_the_same_number(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms")

    twilio_post(client, channel, twilio_params(sid="SM1", body="First part."))
    twilio_post(client, channel, twilio_params(sid="SM2", body="Second part."))
    twilio_post(client, channel, twilio_params(sid="SM3", body="Someone else.", sender="+22370000002"))

    assert Complaint.objects.count() == 2
    first = Conversation.objects.order_by("pk").first().complaint
    (message,) = Message.objects.filter(complaint=first)
    assert message.direction == MessageDirection.FROM_REPORTER
    from pseahub.vault import services as vault

    body = vault.open_data(keyring_private_of(personas.coordinator, first), bound_to=(message, "sealed"))["body"]
    assert body == "Second part."
    assert not Conversation.objects.filter(sender_hash__contains="7000000").exists()


@pytest.mark.django_db
def test_a_closed_complaint_starts_a_new_thread(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="generic", slug="rapidpro")
    generic_post(client, channel, generic_payload(id="g-1"))
    Complaint.objects.update(status=Status.CLOSED)

    generic_post(client, channel, generic_payload(id="g-2"))

    assert Complaint.objects.count() == 2
