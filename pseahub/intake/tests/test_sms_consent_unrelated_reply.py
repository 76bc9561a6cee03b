"""A reply that is not entirely answers to questions asked (other words, a question not asked yet, a number
alone) is an ordinary follow-up message, added to the complaint for the coordinator as before: nothing the
reporter writes is lost. The question asked stays open, and is not asked again. A bare "yes" once a coordinator
has written to the reporter may be meant for them: it is a message too (a numbered answer still counts)."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint
from pseahub.cases.services import message_to_reporter
from pseahub.intake.models import Dispatch, DispatchKind

from .consent_helpers import ENGLISH, Reporter, consent_channel, consents, messages_from_reporter
from .hooks_helpers import FakeProvider


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.mark.django_db
def test_an_unrelated_reply_is_kept_as_a_message_and_the_question_stays_open(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(ENGLISH)

    reporter.says("He came back yesterday with two other men.")
    reporter.says("1 YES but only a woman doctor")
    reporter.says("3 YES")  # question 3 was not asked yet
    reporter.says("1")

    assert consents() == []
    assert messages_from_reporter(personas.coordinator) == [
        "He came back yesterday with two other men.",
        "1 YES but only a woman doctor",
        "3 YES",
        "1",
    ]
    assert Dispatch.objects.filter(kind=DispatchKind.CONSENT).count() == 1  # Q1 only, never repeated

    reporter.says("1 YES")  # the open question can still be answered
    assert consents() == [("services", "given")]


@pytest.mark.django_db
def test_yes_after_the_last_question_is_a_message(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(ENGLISH)
    for answer in ("1 NO", "2 NO", "3 NO", "4 NO"):
        reporter.says(answer)

    reporter.says("yes")  # no question is waiting: it answers nothing

    assert len(consents()) == 4
    assert messages_from_reporter(personas.coordinator) == ["yes"]


@pytest.mark.django_db
def test_a_bare_yes_after_a_coordinators_message_is_for_the_coordinator(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(ENGLISH)
    message_to_reporter(actor=personas.coordinator, complaint=Complaint.objects.get(), body="Are you safe now?")

    reporter.says("Yes")
    reporter.says("OK")

    assert consents() == []
    assert messages_from_reporter(personas.coordinator)[-2:] == ["Yes", "OK"]

    reporter.says("1 YES")  # by its number the answer is unambiguous
    assert consents() == [("services", "given")]
