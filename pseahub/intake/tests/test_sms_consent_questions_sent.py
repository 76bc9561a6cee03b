"""After the first SMS or WhatsApp message, the one that files the complaint and gets the receipt, the reporter
is asked the first consent question in the report's language (detected from their words), queued through the
dispatch queue like the receipt and sent after it by the task worker. One question per message, each within
one SMS segment in English and French (GSM-7 only) and two in Arabic."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint
from pseahub.intake import consent_sms
from pseahub.intake.models import ConsentDialogue, Dispatch, DispatchKind

from .consent_helpers import ARABIC, ENGLISH, FRENCH, Reporter, consent_channel, texts
from .hooks_helpers import NUMBER, FakeProvider, channel_make

# GSM 03.38's basic character set: a text made only of these travels in 160-character segments.
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("story", "language", "first_question"),
    [
        (ENGLISH, "en", "Q1/4 May we refer you to free health, psychosocial or legal help? Reply 1 YES or 1 NO"),
        (FRENCH, "fr", "Q1/4 Pouvons-nous vous orienter vers une aide gratuite"),
        (ARABIC, "ar", "س1/4 هل نحيلك إلى مساعدة مجانية"),
    ],
)
def test_the_first_question_follows_the_receipt_in_the_reports_language(
    client, personas, monkeypatch, provider, story, language, first_question
):
    channel = consent_channel(monkeypatch, provider, languages=["en"])

    Reporter(client, channel).says(story)

    assert Complaint.objects.get().language == language
    receipt, question = texts(provider)
    assert "PSEA Hub" in receipt and "Q2/4" not in receipt
    assert question.startswith(first_question)
    assert provider.requests[1].json["to"] == NUMBER
    # Through the dispatch queue (sealed, sent by the worker), receipt first; the ciphertext is gone once sent.
    kinds = list(Dispatch.objects.order_by("pk").values_list("kind", "state", "sealed"))
    assert kinds == [(DispatchKind.RECEIPT, "sent", None), (DispatchKind.CONSENT, "sent", None)]
    dialogue = ConsentDialogue.objects.get()
    assert (dialogue.asked, dialogue.answered, dialogue.stopped_at) == (1, 0, None)


@pytest.mark.django_db
def test_a_whatsapp_reporter_is_asked_on_whatsapp(client, personas, monkeypatch, provider):
    channel = channel_make(
        monkeypatch,
        provider="twilio",
        slug="twilio-wa",
        type="whatsapp",
        api_base=provider.url,
        account_sid="AC1",
        consent_questions=True,
    )

    Reporter(client, channel, number=f"whatsapp:{NUMBER}").says(ENGLISH)

    _receipt, question = provider.wait(count=2)
    assert question.form["To"] == f"whatsapp:{NUMBER}"
    assert question.form["Body"].startswith("Q1/4 ")


@pytest.mark.django_db
def test_nothing_is_asked_where_the_channel_cannot_reply_or_does_not_ask(client, personas, monkeypatch, provider):
    silent = channel_make(monkeypatch, provider="generic", slug="no-reply", consent_questions=True)
    not_asking = channel_make(monkeypatch, provider="generic", slug="no-questions", send_url=f"{provider.url}/send")

    Reporter(client, silent).says(ENGLISH)
    Reporter(client, not_asking, number="+22370000009").says(ENGLISH)

    assert Complaint.objects.count() == 2
    assert [text[:8] for text in texts(provider)] == ["PSEA Hub"]  # the second channel's receipt only
    assert not Dispatch.objects.filter(kind=DispatchKind.CONSENT).exists()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_text_fits_a_basic_phone(language):
    """English and French: GSM-7 only and one 160-character segment each; Arabic (UCS-2): two 67-character
    parts at most."""
    all_texts = [*consent_sms.QUESTION_TEXT[language], consent_sms.DONE_TEXT[language], consent_sms.STOP_TEXT[language]]
    assert len(consent_sms.QUESTION_TEXT[language]) == len(consent_sms.QUESTIONS) == 4
    for text in all_texts:
        if language == "ar":
            assert len(text) <= 2 * 67, text
        else:
            assert set(text) <= GSM7, set(text) - GSM7
            assert len(text) <= 160, text
