"""A report's language is the one it is written in (mail, SMS, field forms): detected from the reporter's
words, the channel's default language only as a fall-back; replies go out in it. The web form keeps the
language the reporter chose."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint
from pseahub.intake.adapters.mailbox import mailbox_poll
from pseahub.intake.language import report_language

from .helpers import file_report
from .hooks_helpers import FakeProvider, africastalking_params, africastalking_post, channel_make, committed
from .imap_server import mail

ARABIC = "طلب مني حارس في نقطة توزيع الماء ممارسة الجنس مقابل بطاقة الطعام"
ENGLISH = "The guard at the water point asked my sister for sex in exchange for a food card."
FRENCH = "Le gardien du point d'eau a demandé à ma sœur des relations sexuelles contre une carte de ration."


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


def _sms_channel(monkeypatch, provider, languages):
    monkeypatch.setenv("PSEAHUB_TEST_AT_API_KEY", "at-api-key")
    return channel_make(
        monkeypatch,
        provider="africastalking",
        slug="at-3030",
        languages=languages,
        api_base=provider.url,
        username="psea",
        api_key_env="PSEAHUB_TEST_AT_API_KEY",
        **{"from": "3030"},
    )


@pytest.mark.django_db
def test_an_arabic_sms_on_a_french_channel_is_arabic_and_so_is_its_receipt(client, personas, monkeypatch, provider):
    channel = _sms_channel(monkeypatch, provider, ["fr", "en"])

    with committed():
        africastalking_post(client, channel, africastalking_params(text=ARABIC))

    assert Complaint.objects.get().language == "ar"
    (sent,) = provider.wait()
    message = sent.form["message"]
    assert "رمز" in message and "Votre code" not in message and "receipt code" not in message


@pytest.mark.django_db
def test_a_french_sms_on_an_english_channel_is_french(client, personas, monkeypatch, provider):
    channel = _sms_channel(monkeypatch, provider, ["en"])

    with committed():
        africastalking_post(client, channel, africastalking_params(text=FRENCH))

    assert Complaint.objects.get().language == "fr"
    (sent,) = provider.wait()
    assert "Votre code de suivi" in sent.form["message"]


@pytest.mark.django_db
def test_a_two_word_sms_keeps_the_channels_language(client, personas, monkeypatch, provider):
    channel = _sms_channel(monkeypatch, provider, ["fr"])

    with committed():
        africastalking_post(client, channel, africastalking_params(text="Help please"))

    assert Complaint.objects.get().language == "fr"


@pytest.mark.django_db
def test_an_english_mail_on_a_french_mailbox_is_english(personas, mailbox):
    mailbox.channel.languages = ["fr"]
    mailbox.channel.save()
    mailbox.append(mail(ENGLISH, subject="Report"))

    mailbox_poll(channel=mailbox.channel)

    assert Complaint.objects.get().language == "en"


@pytest.mark.django_db
def test_the_web_form_keeps_the_language_the_reporter_chose(client, personas):
    client.cookies["pseahub_language"] = "fr"
    file_report(client, narrative=ENGLISH)

    assert Complaint.objects.get().language == "fr"


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        (ARABIC, "fr", "ar"),
        ("ساعدوني", "fr", "ar"),  # Arabic script is certain, however short
        (ENGLISH, "fr", "en"),
        (FRENCH, "en", "fr"),
        ("aidez moi svp vite", "en", "fr"),
        ("Help please", "fr", "fr"),  # two words: the channel's default
        ("", "en", "en"),
        ("12 34 +223", "fr", "fr"),
        # Mixed Arabic and French: the majority of letters decides.
        ("المنظمة UNICEF في غاو طلب مني المال", "fr", "ar"),
        ("Le chef de site à Gao (مدير) demande de l'argent pour la carte", "en", "fr"),
    ],
)
def test_report_language(text, default, expected):
    assert report_language(text, default=default) == expected
