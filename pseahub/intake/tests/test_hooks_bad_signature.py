"""A bad or missing signature or token: 403, counted into one audit entry per channel and window naming the
channel and the reason, never the content."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.audit.services import failure_windows_flush
from pseahub.cases.models import Complaint

from .hooks_helpers import (
    NUMBER,
    africastalking_params,
    africastalking_post,
    channel_make,
    generic_payload,
    generic_post,
    kobo_post,
    twilio_params,
    twilio_post,
)


def _refusals() -> list[AuditEvent]:
    """The refusal entries once the current window has ended."""
    failure_windows_flush(now=timezone.now() + dt.timedelta(seconds=settings.AUDIT_FAILURE_WINDOW_SECONDS))
    return list(AuditEvent.objects.filter(action=Action.WEBHOOK_SIGNATURE_REJECTED).order_by("seq"))


def _assert_refused(response, channel) -> None:
    assert response.status_code == 403
    assert not Complaint.objects.exists()
    (event,) = _refusals()
    assert event.actor_id is None
    assert (event.target_type, event.target_id) == ("intake.intakechannel", str(channel.public_id))
    logged = json.dumps(event.data)
    assert "asked" not in logged and NUMBER not in logged


@pytest.mark.django_db
def test_it_refuses_a_twilio_request_signed_with_another_token(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms")

    response = twilio_post(client, channel, twilio_params(body="He asked me."), token="not-the-token")

    _assert_refused(response, channel)
    assert _refusals()[0].data.items() >= {"provider": "twilio", "reason": "invalid", "count": 1}.items()


@pytest.mark.django_db
def test_it_refuses_a_twilio_request_without_signature(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms")

    response = twilio_post(client, channel, twilio_params(body="He asked me."), signature="")

    _assert_refused(response, channel)
    assert _refusals()[0].data["reason"] == "missing"


@pytest.mark.django_db
def test_it_refuses_a_twilio_request_whose_parameters_were_changed(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms")
    from pseahub.intake.adapters.sms import twilio_signature

    from .hooks_helpers import SECRET

    signed = twilio_signature(SECRET, "http://testserver/intake/hooks/twilio/twilio-sms", twilio_params().items())
    response = twilio_post(client, channel, twilio_params(body="He asked me. Changed."), signature=signed)

    _assert_refused(response, channel)


@pytest.mark.django_db
def test_it_refuses_a_generic_request_with_a_bad_signature(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="generic", slug="rapidpro")

    response = generic_post(client, channel, generic_payload(text="He asked me."), signature="00" * 32)

    _assert_refused(response, channel)


@pytest.mark.django_db
def test_it_refuses_an_africastalking_request_with_a_wrong_token(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="africastalking", slug="at-3030")

    response = africastalking_post(client, channel, africastalking_params(text="He asked me."), token="x" * 35)

    _assert_refused(response, channel)


@pytest.mark.django_db
def test_it_refuses_a_kobo_submission_with_a_bad_token(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="kobo", slug="kobo", type="field_form")

    response = kobo_post(client, channel, {"_uuid": "u-1", "narrative": "He asked me."}, token="wrong")

    _assert_refused(response, channel)


@pytest.mark.django_db
def test_it_refuses_everything_when_the_channel_secret_is_not_set(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="generic", slug="rapidpro", secret="")

    # Signed with the empty key, which anyone could compute: still refused.
    response = generic_post(client, channel, generic_payload(text="He asked me."), secret="")

    _assert_refused(response, channel)
    assert _refusals()[0].data["reason"] == "no_secret_configured"


@pytest.mark.django_db
def test_it_counts_a_flood_of_refusals_into_one_entry_and_keeps_refusing(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="generic", slug="rapidpro")
    before = AuditEvent.objects.count()

    answers = [
        generic_post(client, channel, generic_payload(id=f"g-{i}"), signature="bad").status_code for i in range(50)
    ]

    assert answers == [403] * 50
    assert AuditEvent.objects.count() == before  # nothing written while the window is open
    (entry,) = _refusals()
    assert entry.data["count"] == 50
