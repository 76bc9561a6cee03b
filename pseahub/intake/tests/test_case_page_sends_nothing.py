"""Opening a case page sends nothing and changes nothing: held WhatsApp messages wait for a coordinator's POST
(they used to go out as a side effect of the GET, where the coordinator's key is unlocked)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Message
from pseahub.intake.models import Dispatch, HeldMessage

from .dispatch_helpers import BACK, HELD_TEXT, complaint_with_held_message, sent_texts, whatsapp_channel
from .hooks_helpers import FakeProvider


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


def _state():
    return (
        Message.objects.count(),
        Dispatch.objects.count(),
        HeldMessage.objects.filter(sent_at__isnull=True).count(),
        AuditEvent.objects.exclude(action=Action.CASE_CONTENT_READ).count(),
    )


@pytest.mark.django_db
def test_opening_the_case_page_sends_nothing_and_changes_nothing(
    client, personas, monkeypatch, provider, unlocked_client_for, django_capture_on_commit_callbacks
):
    channel = whatsapp_channel(monkeypatch, provider.url)
    complaint = complaint_with_held_message(client, personas, channel)
    coordinator = unlocked_client_for(personas.coordinator)
    requests_before, state_before = len(provider.requests), _state()
    reads_before = AuditEvent.objects.filter(action=Action.CASE_CONTENT_READ).count()

    with (
        time_machine.travel(BACK + dt.timedelta(minutes=5), tick=True),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = coordinator.get(f"/cases/{complaint.public_id}/")

    assert response.status_code == 200
    assert HELD_TEXT in response.content.decode()  # the coordinator reads it: the key was unlocked
    assert len(provider.requests) == requests_before and HELD_TEXT not in sent_texts(provider)
    assert _state() == state_before
    # The only entry written is the audit of reading sealed content; no task was queued.
    assert AuditEvent.objects.filter(action=Action.CASE_CONTENT_READ).count() == reads_before + 1
    assert callbacks == []
