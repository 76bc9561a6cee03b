"""A provider that fails: temporary failures (5xx, 429, network errors) are tried again, MAX_ATTEMPTS in all,
then given up; a permanent one (4xx) is given up at once. Either way the ciphertext is deleted and the case page
says what happened. The provider is a real HTTP server on loopback (the immediate task backend runs the retries
at once, where the database backend defers them by RETRY_DELAYS)."""

from __future__ import annotations

import socket

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Complaint
from pseahub.intake.dispatch import MAX_ATTEMPTS
from pseahub.intake.models import Dispatch, DispatchKind, DispatchState

from .hooks_helpers import FakeProvider, channel_make, committed, twilio_params, twilio_post

TEXT = "Retry-Text-7710: are you safe?"


class FlakyProvider(FakeProvider):
    """Answers each status of ``statuses`` in turn, then the last one for ever."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        super().__init__()

    @property
    def status(self) -> int:
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]

    @status.setter
    def status(self, value: int) -> None:
        pass


def _sms_complaint(client, monkeypatch, api_base: str) -> Complaint:
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms", api_base=api_base, account_sid="AC1")
    with committed():  # the receipt goes out once the webhook has committed
        twilio_post(client, channel, twilio_params())
    return Complaint.objects.get()


def _send(coordinator, complaint, capture) -> str:
    with capture(execute=True):
        coordinator.post(f"/cases/{complaint.public_id}/messages/", {"body": TEXT})
    return coordinator.get(f"/cases/{complaint.public_id}/").content.decode()


def _messages(provider) -> list:
    return [r for r in provider.requests if r.form.get("Body") == TEXT]


@pytest.mark.django_db
def test_a_failing_provider_is_retried_then_given_up(
    client, personas, monkeypatch, unlocked_client_for, django_capture_on_commit_callbacks
):
    provider = FlakyProvider([201, 503])  # the receipt goes through; then the provider is down
    try:
        complaint = _sms_complaint(client, monkeypatch, provider.url)
        provider.wait(1)
        page = _send(unlocked_client_for(personas.coordinator), complaint, django_capture_on_commit_callbacks)
        assert len(_messages(provider)) == MAX_ATTEMPTS
    finally:
        provider.close()

    dispatch = Dispatch.objects.get(kind=DispatchKind.MESSAGE)
    assert (dispatch.state, dispatch.attempts, dispatch.error) == (DispatchState.FAILED, MAX_ATTEMPTS, "http_503")
    assert dispatch.sealed is None and dispatch.mac is None  # deleted once given up
    assert f"SMS/WhatsApp: failed, given up after {MAX_ATTEMPTS} attempt(s)" in page
    failed = AuditEvent.objects.get(action=Action.REPORTER_MESSAGE_FAILED)
    assert failed.data == {
        "channel": "twilio-sms",
        "provider": "twilio",
        "kind": "message",
        "attempts": MAX_ATTEMPTS,
        "error": "http_503",
    }


@pytest.mark.django_db
def test_a_temporary_failure_then_success_is_sent_once(
    client, personas, monkeypatch, unlocked_client_for, django_capture_on_commit_callbacks
):
    provider = FlakyProvider([201, 429, 502, 201])
    try:
        complaint = _sms_complaint(client, monkeypatch, provider.url)
        provider.wait(1)
        page = _send(unlocked_client_for(personas.coordinator), complaint, django_capture_on_commit_callbacks)
        assert len(_messages(provider)) == 3
    finally:
        provider.close()

    dispatch = Dispatch.objects.get(kind=DispatchKind.MESSAGE)
    assert (dispatch.state, dispatch.attempts) == (DispatchState.SENT, 3)
    assert dispatch.sealed is None
    assert "SMS/WhatsApp: sent" in page


@pytest.mark.django_db
def test_a_refusal_is_given_up_at_once(
    client, personas, monkeypatch, unlocked_client_for, django_capture_on_commit_callbacks
):
    provider = FlakyProvider([201, 400])
    try:
        complaint = _sms_complaint(client, monkeypatch, provider.url)
        provider.wait(1)
        page = _send(unlocked_client_for(personas.coordinator), complaint, django_capture_on_commit_callbacks)
        assert len(_messages(provider)) == 1
    finally:
        provider.close()

    dispatch = Dispatch.objects.get(kind=DispatchKind.MESSAGE)
    assert (dispatch.state, dispatch.attempts, dispatch.error) == (DispatchState.FAILED, 1, "http_400")
    assert "SMS/WhatsApp: failed, given up after 1 attempt(s)" in page


@pytest.mark.django_db
def test_an_unreachable_provider_is_retried_then_given_up(
    client, personas, monkeypatch, unlocked_client_for, django_capture_on_commit_callbacks
):
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    complaint = _sms_complaint(client, monkeypatch, f"http://127.0.0.1:{port}")

    page = _send(unlocked_client_for(personas.coordinator), complaint, django_capture_on_commit_callbacks)

    dispatch = Dispatch.objects.get(kind=DispatchKind.MESSAGE)
    assert (dispatch.state, dispatch.attempts) == (DispatchState.FAILED, MAX_ATTEMPTS)
    assert dispatch.error == "URLError" and dispatch.sealed is None
    assert "given up after" in page
