# ruff: noqa: RUF001 - the Arabic-Indic digits are what these tests are about
"""French and Arabic answers: OUI/NON, نعم/لا, with Western or Arabic-Indic digits (١٢٣٤), the number before or
(as an Arabic reader may type it) after the word, with accents, diacritics and punctuation ignored."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint
from pseahub.intake.consent_sms import answers_parse

from .consent_helpers import ARABIC, FRENCH, Reporter, consent_channel, consents, texts
from .hooks_helpers import FakeProvider


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        ("1 OUI", {1: True}),
        ("2 non", {2: False}),
        ("3- Oui !", {3: True}),
        ("d'accord", {None: True}),
        ("١ نعم", {1: True}),
        ("٢ لا", {2: False}),
        ("نعم ٣", {3: True}),
        ("۴ نَعَم", {4: True}),  # Extended Arabic-Indic digit, with diacritics
        ("١ نعم ٢ لا", {1: True, 2: False}),
        ("لا", {None: False}),
        ("1 YES 2 NO", {1: True, 2: False}),
    ],
)
def test_the_forms_of_an_answer(text, answers):
    assert answers_parse(text) == answers


@pytest.mark.parametrize("text", ["oui merci", "1 peut-être", "1 OUI 1 NON", "1", "نعم، لقد عاد أمس", ""])
def test_anything_else_is_not_an_answer(text):
    assert answers_parse(text) is None


@pytest.mark.django_db
def test_a_french_reporter_answers_in_french_and_is_asked_in_french(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider))
    reporter.says(FRENCH)

    reporter.says("1 OUI")
    reporter.says("2 Non.")

    assert Complaint.objects.get().language == "fr"
    assert consents() == [("services", "given"), ("share_identity", "refused")]
    assert texts(provider)[-1].startswith("Q3/4 Les personnes qui examinent votre signalement")


@pytest.mark.django_db
def test_an_arabic_reporter_answers_with_arabic_indic_digits(client, personas, monkeypatch, provider):
    reporter = Reporter(client, consent_channel(monkeypatch, provider, languages=["fr"]))
    reporter.says(ARABIC)

    reporter.says("١ نعم")
    reporter.says("٢ لا")
    reporter.says("نعم")
    reporter.says("٤ لا")

    assert consents() == [
        ("services", "given"),
        ("share_identity", "refused"),
        ("investigation", "given"),
        ("statistics", "refused"),
    ]
    sent = texts(provider)
    assert sent[2].startswith("س2/4") and sent[3].startswith("س3/4") and sent[4].startswith("س4/4")
    assert sent[5].startswith("PSEA Hub: شكراً")
