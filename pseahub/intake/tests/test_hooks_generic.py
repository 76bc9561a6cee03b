"""Generic JSON webhook (RapidPro-style): X-Signature HMAC-SHA256 over the raw body."""

from __future__ import annotations

import datetime as dt

import pytest

from pseahub.cases.models import Channel, Complaint

from .hooks_helpers import NUMBER, channel_make, generic_payload, generic_post, sealed_of


@pytest.mark.django_db
def test_it_creates_one_sealed_complaint(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="generic", slug="rapidpro")

    response = generic_post(client, channel, generic_payload(text="Someone from the NGO asked for sex."))

    assert response.status_code == 200
    assert response.json() == {"status": "received"}
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.SMS
    assert complaint.received_at == dt.datetime(2026, 1, 15, 10, 22, 1, tzinfo=dt.UTC)
    sealed = sealed_of(personas.coordinator, complaint)
    assert sealed["narrative"] == "Someone from the NGO asked for sex."
    assert sealed["reporter_contact"] == NUMBER


@pytest.mark.django_db
def test_it_accepts_a_numeric_id_and_an_epoch_timestamp(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="generic", slug="rapidpro")

    response = generic_post(client, channel, {"id": 42, "from": NUMBER, "text": "help", "timestamp": 1767225600})

    assert response.status_code == 200
    assert Complaint.objects.get().received_at == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_it_keeps_a_future_timestamp_at_the_present(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="generic", slug="rapidpro")

    response = generic_post(client, channel, {**generic_payload(), "timestamp": "2099-01-01T00:00:00Z"})

    assert response.status_code == 200
    assert Complaint.objects.get().received_at.year < 2099
