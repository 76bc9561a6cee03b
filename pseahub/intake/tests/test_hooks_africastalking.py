"""Africa's Talking webhook: the channel secret comes in the Authorization header (HTTP Basic credentials of the
callback URL, or a Token), never in the path, which ends up in access logs; a message becomes one sealed
complaint."""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import urllib.parse

import pytest
from django.conf import settings
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.audit.services import failure_windows_flush
from pseahub.cases.models import Channel, Complaint
from pseahub.intake.adapters import sms

from .hooks_helpers import (
    FORM,
    NUMBER,
    SECRET,
    africastalking_params,
    africastalking_post,
    basic_auth,
    channel_make,
    sealed_of,
)


@pytest.fixture
def channel(monkeypatch, personas):
    return channel_make(monkeypatch, provider="africastalking", slug="at-3030")


@pytest.mark.django_db
def test_it_creates_one_sealed_complaint(client, personas, channel):
    response = africastalking_post(client, channel, africastalking_params(text="He asked for sex at the site."))

    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.SMS
    sealed = sealed_of(personas.coordinator, complaint)
    assert sealed["narrative"] == "He asked for sex at the site."
    assert sealed["reporter_contact"] == NUMBER


@pytest.mark.django_db
def test_a_token_header_is_accepted_too(client, channel):
    response = client.post(
        f"/intake/hooks/africastalking/{channel.slug}",
        data=urllib.parse.urlencode(africastalking_params()),
        content_type=FORM,
        HTTP_AUTHORIZATION=f"Token {SECRET}",
    )

    assert response.status_code == 200
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_wrong_secret_with_an_audit_entry(client, channel):
    response = africastalking_post(client, channel, africastalking_params(), token="guessed")

    assert response.status_code == 403
    assert not Complaint.objects.exists()
    failure_windows_flush(now=timezone.now() + dt.timedelta(seconds=settings.AUDIT_FAILURE_WINDOW_SECONDS))
    event = AuditEvent.objects.get(action=Action.WEBHOOK_SIGNATURE_REJECTED)
    assert event.target_id == str(channel.public_id)
    assert {key: event.data[key] for key in ("provider", "reason", "count")} == {
        "provider": "africastalking",
        "reason": "invalid",
        "count": 1,
    }


@pytest.mark.django_db
def test_it_refuses_a_request_without_credentials(client, channel):
    response = africastalking_post(client, channel, africastalking_params(), token=None)

    assert response.status_code == 403
    assert not Complaint.objects.exists()
    failure_windows_flush(now=timezone.now() + dt.timedelta(seconds=settings.AUDIT_FAILURE_WINDOW_SECONDS))
    assert AuditEvent.objects.get(action=Action.WEBHOOK_SIGNATURE_REJECTED).data["reason"] == "missing"


@pytest.mark.django_db
def test_the_secret_in_the_path_is_refused_and_not_logged(client, channel, caplog):
    """The old callback address: a clear 404, no complaint, and the secret in no log line or audit entry."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.request")  # as an operator who turns its warnings on

    response = client.post(
        f"/intake/hooks/africastalking/{channel.slug}/{SECRET}",
        data=urllib.parse.urlencode(africastalking_params()),
        content_type=FORM,
        HTTP_AUTHORIZATION=basic_auth(SECRET),  # even with the right header: the old address is gone
    )

    assert response.status_code == 404
    assert "retired" in response.content.decode()
    assert not Complaint.objects.exists()
    assert SECRET not in caplog.text
    assert all(SECRET not in str(event.data) for event in AuditEvent.objects.all())


@pytest.mark.django_db
def test_the_secret_is_compared_in_constant_time(client, channel, monkeypatch):
    compared = []
    real = hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(sms.hmac, "compare_digest", spy)

    africastalking_post(client, channel, africastalking_params(), token="guessed")

    assert (SECRET.encode(), b"guessed") in compared
