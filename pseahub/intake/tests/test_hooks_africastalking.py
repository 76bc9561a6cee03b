"""Africa's Talking webhook: the secret path token, and a message becomes one sealed complaint."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.audit.services import failure_windows_flush
from pseahub.cases.models import Channel, Complaint

from .hooks_helpers import NUMBER, africastalking_params, africastalking_post, channel_make, sealed_of


@pytest.mark.django_db
def test_it_creates_one_sealed_complaint(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="africastalking", slug="at-3030")

    response = africastalking_post(client, channel, africastalking_params(text="He asked for sex at the site."))

    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.SMS
    sealed = sealed_of(personas.coordinator, complaint)
    assert sealed["narrative"] == "He asked for sex at the site."
    assert sealed["reporter_contact"] == NUMBER


@pytest.mark.django_db
def test_it_refuses_a_wrong_path_token_with_an_audit_entry(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="africastalking", slug="at-3030")

    response = africastalking_post(client, channel, africastalking_params(), token="guessed")

    assert response.status_code == 403
    assert not Complaint.objects.exists()
    failure_windows_flush(now=timezone.now() + dt.timedelta(seconds=settings.AUDIT_FAILURE_WINDOW_SECONDS))
    event = AuditEvent.objects.get(action=Action.WEBHOOK_SIGNATURE_REJECTED)
    assert event.target_id == str(channel.public_id)
