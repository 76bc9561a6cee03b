"""A message threaded to an existing SMS/WhatsApp complaint does not start the questions again; a complaint that
was never asked (filed before the questions existed, or while the channel could not reply) is asked once, on the
reporter's next message, unless consents were already recorded for it some other way."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint, ConsentGiver
from pseahub.cases.services import consent_record
from pseahub.intake.models import ConsentDialogue, Dispatch, DispatchKind

from .consent_helpers import ENGLISH, Reporter, consent_channel, messages_from_reporter, texts
from .hooks_helpers import FakeProvider


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


def _consent_dispatches() -> int:
    return Dispatch.objects.filter(kind=DispatchKind.CONSENT).count()


@pytest.mark.django_db
def test_a_threaded_message_does_not_ask_again(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(ENGLISH)

    reporter.says("It happened near the well.")
    reporter.says("Please help my sister too.")

    assert Complaint.objects.count() == 1
    assert _consent_dispatches() == 1
    assert ConsentDialogue.objects.count() == 1
    assert [text[:5] for text in texts(provider)] == ["PSEA ", "Q1/4 "]


@pytest.mark.django_db
def test_a_complaint_never_asked_is_asked_once_on_the_next_message(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(ENGLISH)
    # As if filed before the questions existed.
    ConsentDialogue.objects.all().delete()
    Dispatch.objects.all().delete()

    reporter.says("It happened near the well.")
    reporter.says("And again last night.")

    assert _consent_dispatches() == 1
    assert texts(provider)[-1].startswith("Q1/4 ")
    assert messages_from_reporter(personas.coordinator) == ["It happened near the well.", "And again last night."]


@pytest.mark.django_db
def test_a_complaint_with_consents_recorded_otherwise_is_not_asked(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(ENGLISH)
    complaint = Complaint.objects.get()
    ConsentDialogue.objects.all().delete()
    Dispatch.objects.all().delete()
    consent_record(
        actor=personas.coordinator,
        complaint=complaint,
        purpose="services",
        decision="given",
        given_by=ConsentGiver.SURVIVOR,
        channel="hotline",
        manner="verbal",
    )

    reporter.says("It happened near the well.")

    assert _consent_dispatches() == 0
