"""A coordinator's message reaches the reporter's sealed number over the channel the complaint came by: queued
sealed by the request, sent by the task worker (the immediate backend here, once the transaction commits)."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Channel, Complaint
from pseahub.cases.services import ComplaintInput, complaint_create
from pseahub.intake.adapters.sms import Relayed, conversation_reply
from pseahub.intake.models import Dispatch, DispatchKind, DispatchState

from .hooks_helpers import NUMBER, FakeProvider, channel_make, committed, keyring_private_of, twilio_params, twilio_post


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.mark.django_db
def test_it_sends_the_coordinators_message_to_the_sealed_number(
    client, personas, monkeypatch, provider, django_capture_on_commit_callbacks
):
    channel = channel_make(
        monkeypatch, provider="twilio", slug="twilio-wa", type="whatsapp", api_base=provider.url, account_sid="AC1"
    )
    with committed():  # the receipt goes out once the webhook has committed
        twilio_post(client, channel, twilio_params(sender=f"whatsapp:{NUMBER}"))
    provider.wait()
    complaint = Complaint.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        sent = conversation_reply(
            actor=personas.coordinator,
            complaint=complaint,
            keyring_private=keyring_private_of(personas.coordinator, complaint),
            body="Can you tell us where this happened?",
        )

    assert sent == Relayed.QUEUED
    message = provider.requests[-1]
    assert message.form["To"] == f"whatsapp:{NUMBER}"
    assert message.form["Body"] == "Can you tell us where this happened?"
    queued = AuditEvent.objects.get(action=Action.REPORTER_MESSAGE_QUEUED, actor__isnull=False)
    assert queued.actor_id == personas.coordinator.pk
    assert queued.data == {"channel": "twilio-wa", "provider": "twilio", "count": 1, "held": False}
    event = AuditEvent.objects.filter(action=Action.REPORTER_MESSAGE_RELAYED).last()
    assert event.actor_id is None  # the task worker
    assert event.data == {"channel": "twilio-wa", "provider": "twilio", "kind": "message", "attempts": 1, "sent": True}


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
def test_it_reports_a_refused_send(client, personas, monkeypatch, django_capture_on_commit_callbacks):
    failing = FakeProvider(status=400)
    try:
        channel = channel_make(
            monkeypatch, provider="twilio", slug="twilio-sms", api_base=failing.url, account_sid="AC1"
        )
        with committed():  # the receipt is refused too
            twilio_post(client, channel, twilio_params())
        complaint = Complaint.objects.get()

        with django_capture_on_commit_callbacks(execute=True):
            sent = conversation_reply(
                actor=personas.coordinator,
                complaint=complaint,
                keyring_private=keyring_private_of(personas.coordinator, complaint),
                body="Hello",
            )

        assert sent == Relayed.QUEUED
        # A 400 is permanent: one attempt, then given up.
        dispatch = Dispatch.objects.get(kind=DispatchKind.MESSAGE)
        assert (dispatch.state, dispatch.attempts, dispatch.error) == (DispatchState.FAILED, 1, "http_400")
        assert AuditEvent.objects.filter(action=Action.REPORTER_MESSAGE_FAILED).last().data["error"] == "http_400"
    finally:
        failing.close()
