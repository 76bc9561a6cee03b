"""A coordinator's message to an SMS reporter leaves the web request: the POST stores it sealed to the dispatch
key and queues the task; the provider is called by the task once the transaction has committed."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint
from pseahub.intake.models import Dispatch, DispatchKind, DispatchState

from .hooks_helpers import NUMBER, FakeProvider, channel_make, committed, twilio_params, twilio_post

TEXT = "Queued-Text-2291: please call the hotline."


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.mark.django_db
def test_the_post_calls_no_provider_and_the_task_sends_after_commit(
    client, personas, monkeypatch, provider, unlocked_client_for, django_capture_on_commit_callbacks
):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms", api_base=provider.url, account_sid="AC1")
    with committed():  # the receipt goes out once the webhook has committed
        twilio_post(client, channel, twilio_params())
    provider.wait(1)  # the receipt
    complaint = Complaint.objects.get()
    coordinator = unlocked_client_for(personas.coordinator)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = coordinator.post(f"/cases/{complaint.public_id}/messages/", {"body": TEXT})

    assert response.status_code == 302
    assert len(provider.requests) == 1  # the receipt only: nothing left during the request
    dispatch = Dispatch.objects.get(kind=DispatchKind.MESSAGE)
    assert dispatch.state == DispatchState.QUEUED and TEXT.encode() not in bytes(dispatch.sealed)

    for callback in callbacks:
        callback()

    assert provider.requests[-1].form == {"To": NUMBER, "Body": TEXT, "From": "+22399990000"}
    dispatch.refresh_from_db()
    assert dispatch.state == DispatchState.SENT and dispatch.sealed is None
    page = coordinator.get(f"/cases/{complaint.public_id}/").content.decode()
    assert "SMS/WhatsApp: sent" in page
