"""A coordinator confirms held WhatsApp messages with a POST: they are queued sealed to the dispatch key, the
task worker sends them through the provider (a real HTTP server on loopback), the ciphertext is deleted, and
the case page shows the delivery state. Confirming twice sends once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.audit.models import Action, AuditEvent
from pseahub.intake.models import Dispatch, DispatchState, HeldMessage

from .dispatch_helpers import BACK, HELD_TEXT, complaint_with_held_message, sent_texts, whatsapp_channel
from .hooks_helpers import NUMBER, FakeProvider


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


def _page(coordinator, complaint) -> str:
    return coordinator.get(f"/cases/{complaint.public_id}/").content.decode()


@pytest.mark.django_db
def test_the_post_queues_the_held_message_and_the_worker_sends_it(
    client, personas, monkeypatch, provider, unlocked_client_for, django_capture_on_commit_callbacks
):
    channel = whatsapp_channel(monkeypatch, provider.url)
    complaint = complaint_with_held_message(client, personas, channel)
    coordinator = unlocked_client_for(personas.coordinator)

    with time_machine.travel(BACK + dt.timedelta(minutes=5), tick=True):
        assert "1 held message can be sent now" in _page(coordinator, complaint)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = coordinator.post(f"/cases/{complaint.public_id}/messages/held/")
        # Committed but not yet sent: queued, sealed (neither the text nor the number in clear).
        assert response.status_code == 302
        dispatch = Dispatch.objects.get(kind="message")
        assert dispatch.state == DispatchState.QUEUED
        assert HELD_TEXT.encode() not in bytes(dispatch.sealed) and NUMBER.encode() not in bytes(dispatch.sealed)
        assert "SMS/WhatsApp: queued" in _page(coordinator, complaint)
        assert HELD_TEXT not in sent_texts(provider)
        for callback in callbacks:  # the commit: the task (immediate backend) runs
            callback()
        page = _page(coordinator, complaint)

    (request,) = [r for r in provider.requests if r.form.get("Body") == HELD_TEXT]
    assert request.form["To"] == f"whatsapp:{NUMBER}"
    dispatch.refresh_from_db()
    assert (dispatch.state, dispatch.attempts) == (DispatchState.SENT, 1)
    assert dispatch.sealed is None and dispatch.mac is None  # the ciphertext is gone once delivered
    assert not HeldMessage.objects.filter(sent_at__isnull=True).exists()
    assert "SMS/WhatsApp: sent" in page and "held message can be sent now" not in page
    confirmed = AuditEvent.objects.get(action=Action.REPORTER_MESSAGE_QUEUED, actor__isnull=False)
    assert confirmed.actor_id == personas.coordinator.pk
    assert confirmed.data == {"channel": "twilio-wa", "provider": "twilio", "count": 1, "held": True}
    sent = AuditEvent.objects.filter(action=Action.REPORTER_MESSAGE_RELAYED).last()
    assert sent.actor_id is None
    assert sent.data == {"channel": "twilio-wa", "provider": "twilio", "kind": "message", "attempts": 1, "sent": True}
    assert HELD_TEXT not in str(sent.data) and NUMBER not in str(confirmed.data)


@pytest.mark.django_db
def test_confirming_twice_sends_once(
    client, personas, monkeypatch, provider, unlocked_client_for, django_capture_on_commit_callbacks
):
    channel = whatsapp_channel(monkeypatch, provider.url)
    complaint = complaint_with_held_message(client, personas, channel)
    coordinator = unlocked_client_for(personas.coordinator)

    with (
        time_machine.travel(BACK + dt.timedelta(minutes=5), tick=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        coordinator.post(f"/cases/{complaint.public_id}/messages/held/")
        again = coordinator.post(f"/cases/{complaint.public_id}/messages/held/", follow=True)

    assert "No held messages can be sent now" in again.content.decode()
    assert sent_texts(provider).count(HELD_TEXT) == 1
    assert Dispatch.objects.filter(kind="message").count() == 1


@pytest.mark.django_db
def test_outside_the_window_nothing_can_be_confirmed(
    client, personas, monkeypatch, provider, unlocked_client_for, django_capture_on_commit_callbacks
):
    channel = whatsapp_channel(monkeypatch, provider.url)
    complaint = complaint_with_held_message(client, personas, channel)
    coordinator = unlocked_client_for(personas.coordinator)

    with (
        time_machine.travel(BACK + dt.timedelta(hours=25), tick=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert "held message can be sent now" not in _page(coordinator, complaint)
        response = coordinator.post(f"/cases/{complaint.public_id}/messages/held/", follow=True)

    assert "No held messages can be sent now" in response.content.decode()
    assert HELD_TEXT not in sent_texts(provider)
    assert HeldMessage.objects.filter(sent_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_a_locked_key_queues_nothing(client, personas, monkeypatch, provider, client_for):
    channel = whatsapp_channel(monkeypatch, provider.url)
    complaint = complaint_with_held_message(client, personas, channel)
    locked = client_for(personas.coordinator)  # signed in, key not unlocked in this session

    with time_machine.travel(BACK + dt.timedelta(minutes=5), tick=True):
        response = locked.post(f"/cases/{complaint.public_id}/messages/held/", follow=True)

    assert "Your key is locked" in response.content.decode()
    assert not Dispatch.objects.filter(kind="message").exists()
    assert HeldMessage.objects.filter(sent_at__isnull=True).count() == 1
