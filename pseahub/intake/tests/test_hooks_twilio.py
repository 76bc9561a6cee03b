"""Twilio SMS and WhatsApp webhook: a signed message becomes one sealed complaint."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Channel, Complaint
from pseahub.intake.models import InboundMessage

from .hooks_helpers import NUMBER, channel_make, sealed_of, twilio_params, twilio_post


@pytest.mark.django_db
def test_it_creates_one_sealed_complaint_from_a_signed_sms(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms")

    response = twilio_post(client, channel, twilio_params(body="A guard asked me for sex for food."))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert b"<Response>" in response.content
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.SMS
    assert InboundMessage.objects.get().complaint == complaint
    sealed = sealed_of(personas.coordinator, complaint)
    assert sealed["narrative"] == "A guard asked me for sex for food."
    assert sealed["reporter_contact"] == NUMBER
    # Neither the text nor the number is stored in clear.
    assert b"guard" not in bytes(complaint.sealed)
    assert NUMBER.encode() not in bytes(complaint.sealed)


@pytest.mark.django_db
def test_it_takes_whatsapp_senders_without_their_scheme(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-wa", type="whatsapp")

    response = twilio_post(client, channel, twilio_params(sender=f"whatsapp:{NUMBER}"))

    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.WHATSAPP
    assert sealed_of(personas.coordinator, complaint)["reporter_contact"] == NUMBER


@pytest.mark.django_db
def test_it_checks_the_signature_against_the_public_url_behind_a_proxy(client, personas, monkeypatch):
    public = "https://hub.example.org/intake/hooks/twilio/twilio-proxy"
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-proxy", public_url=public)

    signed_for_public = twilio_post(client, channel, twilio_params(sid="SM1"), url=public)
    signed_for_internal = twilio_post(client, channel, twilio_params(sid="SM2"))

    assert signed_for_public.status_code == 200
    assert signed_for_internal.status_code == 403
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_it_accepts_the_url_with_or_without_the_default_port(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-port")

    response = twilio_post(client, channel, twilio_params(), url="http://testserver:80/intake/hooks/twilio/twilio-port")

    assert response.status_code == 200


@pytest.mark.django_db
def test_it_keeps_a_media_only_message_with_a_note(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-media", type="whatsapp")
    params = {**twilio_params(body=""), "NumMedia": "1", "MediaUrl0": "https://api.twilio.com/x"}

    response = twilio_post(client, channel, params)

    assert response.status_code == 200
    complaint = Complaint.objects.get()
    # The item is fetched by a background task (test_media_fetch_twilio.py); the text says it was sent.
    assert "1 media item(s) sent with this message" in sealed_of(personas.coordinator, complaint)["narrative"]


@pytest.mark.django_db
def test_it_notes_media_announced_without_an_address(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-nomedia", type="whatsapp")
    params = {**twilio_params(body=""), "NumMedia": "1"}

    response = twilio_post(client, channel, params)

    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.is_quarantined
    assert "not retrieved" in sealed_of(personas.coordinator, complaint)["narrative"]
