"""WhatsApp's 24-hour rule: a coordinator's message goes out as text within 24 hours of the reporter's last
message; later, it is held (a flag, never a copy) and the approved template asks the reporter to write; when
they do, the held messages go out in order with a coordinator's key."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Complaint, Message
from pseahub.cases.services import message_to_reporter
from pseahub.cases.tests.helpers import text
from pseahub.intake.adapters.sms import Relayed, conversation_reply, held_messages_release
from pseahub.intake.models import Conversation, HeldMessage

from .hooks_helpers import NUMBER, FakeProvider, channel_make, committed, keyring_private_of, twilio_params, twilio_post

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TEMPLATE = "HX0123456789abcdef0123456789abcdef"


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


def _whatsapp(monkeypatch, provider, **config):
    return channel_make(
        monkeypatch,
        provider="twilio",
        slug="twilio-wa",
        type="whatsapp",
        api_base=provider.url,
        account_sid="AC1",
        **config,
    )


def _report(client, channel, at, sid="SM0001", body="A guard asked me for sex for food."):
    with time_machine.travel(at, tick=False), committed():
        assert (
            twilio_post(client, channel, twilio_params(sid=sid, body=body, sender=f"whatsapp:{NUMBER}")).status_code
            == 200
        )
    return Complaint.objects.get()


def _write(personas, complaint, body, at):
    # Queued messages are sent by the task (the immediate backend) once the transaction commits.
    with time_machine.travel(at, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        message = message_to_reporter(actor=personas.coordinator, complaint=complaint, body=body)
        return conversation_reply(
            actor=personas.coordinator,
            complaint=complaint,
            keyring_private=keyring_private_of(personas.coordinator, complaint),
            body=body,
            message=message,
        )


def _texts(provider) -> list[str]:
    return [request.form.get("Body", "") for request in provider.requests if request.path.endswith("/Messages.json")]


@pytest.mark.django_db
def test_within_24_hours_the_message_goes_out_as_text(client, personas, monkeypatch, provider):
    channel = _whatsapp(monkeypatch, provider, template_content_sid=TEMPLATE)
    complaint = _report(client, channel, T0)  # the receipt goes out first
    before = len(provider.requests)

    relayed = _write(personas, complaint, "Where did this happen?", T0 + dt.timedelta(hours=23))

    assert relayed == Relayed.QUEUED
    (request,) = provider.requests[before:]
    assert request.form["Body"] == "Where did this happen?" and "ContentSid" not in request.form
    assert not HeldMessage.objects.exists()
    assert Conversation.objects.get().last_inbound_at == T0


@pytest.mark.django_db
def test_after_24_hours_the_template_goes_out_and_the_message_is_held(client, personas, monkeypatch, provider):
    channel = _whatsapp(monkeypatch, provider, template_content_sid=TEMPLATE)
    complaint = _report(client, channel, T0)
    before = len(provider.requests)

    relayed = _write(personas, complaint, "Where did this happen?", T0 + dt.timedelta(hours=25))

    assert relayed == Relayed.TEMPLATE_SENT
    (request,) = provider.requests[before:]
    assert request.form["ContentSid"] == TEMPLATE
    assert "Body" not in request.form  # nothing of the coordinator's message leaves
    assert request.form["To"] == f"whatsapp:{NUMBER}"
    held = HeldMessage.objects.get()
    assert held.message == Message.objects.get(complaint=complaint, direction="to_reporter")
    assert held.sent_at is None and held.template_sent_at == T0 + dt.timedelta(hours=25)
    assert {f.name for f in HeldMessage._meta.fields}.isdisjoint({"body", "text", "sealed"})  # a flag, not a copy
    event = AuditEvent.objects.get(action=Action.REPORTER_MESSAGE_HELD)
    assert event.data == {"channel": "twilio-wa", "provider": "twilio", "template": True}


@pytest.mark.django_db
def test_a_second_held_message_sends_no_second_template(client, personas, monkeypatch, provider):
    channel = _whatsapp(monkeypatch, provider, template_content_sid=TEMPLATE)
    complaint = _report(client, channel, T0)
    _write(personas, complaint, "First question", T0 + dt.timedelta(hours=25))
    before = len(provider.requests)

    relayed = _write(personas, complaint, "Second question", T0 + dt.timedelta(hours=26))

    assert relayed == Relayed.TEMPLATE_SENT
    assert provider.requests[before:] == []
    assert HeldMessage.objects.filter(sent_at__isnull=True).count() == 2


@pytest.mark.django_db
def test_when_the_reporter_writes_again_the_held_messages_go_out_in_order(
    client, personas, monkeypatch, provider, django_capture_on_commit_callbacks
):
    channel = _whatsapp(monkeypatch, provider, template_content_sid=TEMPLATE)
    complaint = _report(client, channel, T0)
    _write(personas, complaint, "First question", T0 + dt.timedelta(hours=25))
    _write(personas, complaint, "Second question", T0 + dt.timedelta(hours=26))
    back = T0 + dt.timedelta(hours=30)

    _report(client, channel, back, sid="SM0002", body="It was at the distribution point.")  # runs its commit

    assert Conversation.objects.get().last_inbound_at == back
    # The coordinators are told (the notice names the reference only); the server cannot read the messages.
    (notice,) = [m for m in mail.outbox if complaint.reference in m.subject and "wrote again" in m.subject]
    assert "First question" not in notice.body and notice.to == [personas.coordinator.email]
    before = len(provider.requests)

    with (
        time_machine.travel(back + dt.timedelta(minutes=10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = held_messages_release(
            actor=personas.coordinator,
            complaint=complaint,
            keyring_private=keyring_private_of(personas.coordinator, complaint),
        )
        again = held_messages_release(
            actor=personas.coordinator,
            complaint=complaint,
            keyring_private=keyring_private_of(personas.coordinator, complaint),
        )

    assert (sent, again) == (2, 0)
    assert [r.form["Body"] for r in provider.requests[before:]] == ["First question", "Second question"]
    assert not HeldMessage.objects.filter(sent_at__isnull=True).exists()
    queued = AuditEvent.objects.filter(action=Action.REPORTER_MESSAGE_QUEUED).last()
    assert queued.actor_id == personas.coordinator.pk
    assert queued.data == {"channel": "twilio-wa", "provider": "twilio", "count": 2, "held": True}
    relayed = AuditEvent.objects.filter(action=Action.REPORTER_MESSAGE_RELAYED, actor=None)
    assert [event.data["kind"] for event in relayed] == ["receipt", "template", "message", "message"]


@pytest.mark.django_db
def test_the_case_page_offers_the_held_messages_and_a_post_sends_them(
    client, personas, monkeypatch, provider, unlocked_client_for, django_capture_on_commit_callbacks
):
    channel = _whatsapp(monkeypatch, provider)
    complaint = _report(client, channel, T0)
    _write(personas, complaint, "Held-Question-3391", T0 + dt.timedelta(hours=25))
    now = T0 + dt.timedelta(hours=27)
    _report(client, channel, now, sid="SM0002", body="Here I am.")
    coordinator = unlocked_client_for(personas.coordinator)

    with time_machine.travel(now + dt.timedelta(minutes=1), tick=True):
        page = text(coordinator.get(f"/cases/{complaint.public_id}/"))
        assert "1 held message can be sent now" in page
        assert "Held-Question-3391" not in _texts(provider)  # opening the page sent nothing
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator.post(f"/cases/{complaint.public_id}/messages/held/", follow=True)

        after = text(coordinator.get(f"/cases/{complaint.public_id}/"))

    assert "1 held message(s) queued for sending" in text(response)
    assert "Held-Question-3391" in _texts(provider)
    assert "SMS/WhatsApp: sent" in after and "held message can be sent now" not in after


@pytest.mark.django_db
def test_without_a_template_the_message_is_held_and_the_coordinator_told(
    client, personas, monkeypatch, provider, unlocked_client_for
):
    channel = _whatsapp(monkeypatch, provider)
    complaint = _report(client, channel, T0)
    before = len(provider.requests)
    coordinator = unlocked_client_for(personas.coordinator)

    with time_machine.travel(T0 + dt.timedelta(days=3), tick=True):
        response = coordinator.post(
            f"/cases/{complaint.public_id}/messages/", {"body": "Are you safe now?"}, follow=True
        )

    page = text(response)
    assert "Yours is held" in page and "when the reporter writes again" in page
    assert provider.requests[before:] == []
    held = HeldMessage.objects.get()
    assert held.template_sent_at is None and held.sent_at is None
    assert AuditEvent.objects.get(action=Action.REPORTER_MESSAGE_HELD).data["template"] is False


@pytest.mark.django_db
def test_the_rule_is_for_whatsapp_only(client, personas, monkeypatch, provider):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms", api_base=provider.url, account_sid="AC1")
    complaint = _report(client, channel, T0)

    relayed = _write(personas, complaint, "Still there?", T0 + dt.timedelta(days=5))

    assert relayed == Relayed.QUEUED
    assert _texts(provider)[-1] == "Still there?"
