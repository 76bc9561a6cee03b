"""The reporter's answers are recorded as the complaint's consents: given by the survivor, through the channel
they came by (sms or whatsapp), by the reporter's own hand, by no signed-in user; each answer brings the next
question, the last one a thank-you. An answer is not added to the complaint as a message (the consent record is
its trace), and "NO" to a purpose given earlier is a withdrawal."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Consent, ConsentGiver, ConsentManner, Message
from pseahub.intake.models import ConsentDialogue

from .consent_helpers import ENGLISH, Reporter, consent_channel, consents, texts
from .hooks_helpers import FakeProvider


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.mark.django_db
@pytest.mark.parametrize("channel_type", ["sms", "whatsapp"])
def test_each_answer_is_a_consent_by_the_reporters_own_hand_and_brings_the_next_question(
    client, personas, monkeypatch, provider, channel_type
):
    reporter = Reporter(client, consent_channel(monkeypatch, provider, type=channel_type))
    reporter.says(ENGLISH)

    reporter.says("1 YES")
    reporter.says("2 no")
    reporter.says("YES")  # the question just asked (3)
    reporter.says("4 Yes.")

    assert consents() == [
        ("services", "given"),
        ("share_identity", "refused"),
        ("investigation", "given"),
        ("statistics", "given"),
    ]
    for consent in Consent.objects.all():
        assert consent.given_by == ConsentGiver.SURVIVOR
        assert consent.channel == channel_type
        assert consent.manner == ConsentManner.OWN_HAND
        assert consent.recorded_by is None
    sent = texts(provider)
    assert [text[:5] for text in sent[1:5]] == ["Q1/4 ", "Q2/4 ", "Q3/4 ", "Q4/4 "]
    assert sent[5].startswith("PSEA Hub: thank you, your answers are recorded.")
    assert len(sent) == 6
    assert not Message.objects.exists()  # answers are consents, not messages
    dialogue = ConsentDialogue.objects.get()
    assert (dialogue.asked, dialogue.answered) == (4, 4)
    recorded = AuditEvent.objects.filter(action=Action.CONSENT_RECORDED)
    assert recorded.count() == 4 and all(event.actor_id is None for event in recorded)
    assert recorded.first().data["channel"] == channel_type and recorded.first().data["manner"] == "own_hand"


@pytest.mark.django_db
def test_no_to_a_purpose_given_earlier_withdraws_it_and_is_confirmed(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(ENGLISH)
    for answer in ("1 YES", "2 YES", "3 YES", "4 YES"):
        reporter.says(answer)

    reporter.says("2 NO")

    assert consents()[-1] == ("share_identity", "withdrawn")
    assert texts(provider)[-1].startswith("PSEA Hub: thank you, your answers are recorded.")
    assert AuditEvent.objects.filter(action=Action.CONSENT_WITHDRAWN).count() == 1


@pytest.mark.django_db
def test_several_answers_in_one_message_and_a_repeated_answer_adds_nothing(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(ENGLISH)
    reporter.says("1 YES")  # Q2 is asked

    reporter.says("1 yes, 2 no")

    assert consents() == [("services", "given"), ("share_identity", "refused")]
    assert texts(provider)[-1].startswith("Q3/4 ")
