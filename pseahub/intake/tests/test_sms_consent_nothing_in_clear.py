"""The consent dialogue keeps no phone number and no text of the reporter's or of the questions: its row holds
counts and times, the queued questions are sealed (and deleted once sent), the audit entries name purposes and
decisions only, and nothing is logged of the number or of what was written."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pytest
from django.db import models

from pseahub.audit.models import AuditEvent
from pseahub.intake.models import ConsentDialogue, Conversation, Dispatch, InboundMessage

from .consent_helpers import ENGLISH, Reporter, consent_channel
from .hooks_helpers import NUMBER, FakeProvider

UNRELATED = "Kestrel-Answer-Detail-4471"


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


def _values(rows: Iterable[models.Model]) -> list[str]:
    values = []
    for row in rows:
        for field in row._meta.concrete_fields:
            value = getattr(row, field.attname)
            if isinstance(value, (bytes, memoryview)):
                values.append(bytes(value).decode("latin-1"))
            elif value is not None:
                values.append(str(value))
    return values


@pytest.mark.django_db
def test_no_number_or_text_in_clear_in_the_dialogue_queue_audit_or_logs(
    client, personas, monkeypatch, provider, caplog
):
    caplog.set_level(logging.DEBUG)
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(ENGLISH)
    reporter.says("1 YES")
    reporter.says(UNRELATED)
    reporter.says("STOP")

    rows = [
        *ConsentDialogue.objects.all(),
        *Dispatch.objects.all(),
        *Conversation.objects.all(),
        *InboundMessage.objects.all(),
        *AuditEvent.objects.all(),
    ]
    values = _values(rows) + [str(event.data) for event in AuditEvent.objects.all()]
    digits = NUMBER.lstrip("+")
    for value in values:
        assert digits not in value
        assert UNRELATED not in value
        assert "May we" not in value and "withdrawn and you" not in value
    assert all(dispatch.sealed is None for dispatch in Dispatch.objects.all())  # sent, so the ciphertext is gone
    assert digits not in caplog.text and UNRELATED not in caplog.text and "May we" not in caplog.text
