"""A message that is only a withdrawal keyword ("STOP", "ARRÊT", "توقف", …) withdraws every consent given, each
as its own withdrawal record, stops the questions for good and is confirmed in the report's language. A Twilio
message its opt-out handling marked (``OptOutType=STOP``) counts as one, whatever the keyword."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Consent, ConsentManner
from pseahub.intake.consent_sms import is_stop
from pseahub.intake.models import ConsentDialogue, Dispatch, DispatchKind

from .consent_helpers import ARABIC, ENGLISH, FRENCH, Reporter, consent_channel, consents, messages_from_reporter, texts
from .hooks_helpers import FakeProvider, channel_make


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.mark.parametrize(
    "text", ["STOP", "stop", " Stop! ", "STOP ALL", "UNSUBSCRIBE", "ARRET", "Arrêt", "arrêter", "توقف", "قف", "إيقاف"]
)
def test_the_withdrawal_keywords(text):
    assert is_stop(text)


@pytest.mark.parametrize("text", ["stop him", "please stop", "START", "1 STOP", "توقف عن"])
def test_a_sentence_with_the_word_is_not_a_withdrawal(text):
    assert not is_stop(text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("story", "keyword", "confirmation"),
    [
        (ENGLISH, "STOP", "PSEA Hub: your consents are withdrawn"),
        (FRENCH, "ARRÊT", "PSEA Hub : vos consentements sont retirés"),
        (ARABIC, "توقف", "PSEA Hub: سُحبت موافقتك"),
    ],
)
def test_stop_withdraws_every_given_consent_and_is_confirmed(
    client, personas, monkeypatch, provider, story, keyword, confirmation
):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(story)
    reporter.says("1 YES")
    reporter.says("2 NO")
    reporter.says("3 YES")

    reporter.says(keyword)

    assert consents() == [
        ("services", "given"),
        ("share_identity", "refused"),
        ("investigation", "given"),
        ("services", "withdrawn"),
        ("investigation", "withdrawn"),
    ]
    withdrawn = Consent.objects.filter(decision="withdrawn")
    assert all(c.manner == ConsentManner.OWN_HAND and c.channel == "sms" for c in withdrawn)
    assert AuditEvent.objects.filter(action=Action.CONSENT_WITHDRAWN).count() == 2
    assert texts(provider)[-1].startswith(confirmation)
    assert ConsentDialogue.objects.get().stopped_at is not None
    assert messages_from_reporter(personas.coordinator) == []  # the keyword is not a message

    # Nothing more is asked, and an answer now is an ordinary message for the coordinator.
    reporter.says("4 YES")
    assert len(consents()) == 5
    assert messages_from_reporter(personas.coordinator) == ["4 YES"]
    assert Dispatch.objects.filter(kind=DispatchKind.CONSENT).count() == 5  # Q1-Q4 and the confirmation


@pytest.mark.django_db
def test_stop_with_nothing_given_is_confirmed_and_ends_the_questions(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(ENGLISH)

    reporter.says("stop")

    assert consents() == []
    assert texts(provider)[-1].startswith("PSEA Hub: your consents are withdrawn")
    reporter.says("YES")
    assert consents() == []


@pytest.mark.django_db
def test_a_first_message_that_is_only_stop_asks_nothing(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))

    reporter.says("STOP")

    assert not Dispatch.objects.filter(kind=DispatchKind.CONSENT).exists()
    assert ConsentDialogue.objects.get().stopped_at is not None


@pytest.mark.django_db
def test_a_twilio_opt_out_withdraws_whatever_the_keyword(client, personas, monkeypatch, provider):
    channel = channel_make(
        monkeypatch,
        provider="twilio",
        slug="twilio-sms",
        api_base=provider.url,
        account_sid="AC1",
        consent_questions=True,
    )
    reporter = Reporter(client, channel)
    reporter.says(ENGLISH)
    reporter.says("1 YES")

    reporter.says("BASTA", OptOutType="STOP")

    assert consents() == [("services", "given"), ("services", "withdrawn")]
