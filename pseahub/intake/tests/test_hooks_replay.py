"""A replayed provider message id is answered 200 and creates nothing (InboundMessage is unique)."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint, Message
from pseahub.intake.models import InboundMessage

from .hooks_helpers import (
    africastalking_params,
    africastalking_post,
    channel_make,
    generic_payload,
    generic_post,
    twilio_params,
    twilio_post,
)


def _assert_one(first, again) -> None:
    assert first.status_code == again.status_code == 200
    assert Complaint.objects.count() == 1
    assert InboundMessage.objects.count() == 1
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_it_ignores_a_replayed_twilio_message(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms")

    first = twilio_post(client, channel, twilio_params(sid="SM42"))
    again = twilio_post(client, channel, twilio_params(sid="SM42"))

    _assert_one(first, again)


@pytest.mark.django_db
def test_it_ignores_a_replayed_africastalking_message(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="africastalking", slug="at-3030")

    first = africastalking_post(client, channel, africastalking_params(id="AT42"))
    again = africastalking_post(client, channel, africastalking_params(id="AT42"))

    _assert_one(first, again)


@pytest.mark.django_db
def test_it_ignores_a_replayed_generic_message_and_says_so(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="generic", slug="rapidpro")

    first = generic_post(client, channel, generic_payload(id="g-42"))
    again = generic_post(client, channel, generic_payload(id="g-42"))

    _assert_one(first, again)
    assert again.json() == {"status": "duplicate"}


@pytest.mark.django_db
def test_the_same_id_on_another_channel_is_another_message(client, personas, monkeypatch):
    one = channel_make(monkeypatch, provider="generic", slug="rapidpro-1")
    two = channel_make(monkeypatch, provider="generic", slug="rapidpro-2")

    generic_post(client, one, generic_payload(id="g-42", sender="+22370000001"))
    generic_post(client, two, generic_payload(id="g-42", sender="+22370000001"))

    assert Complaint.objects.count() == 2
