"""A new complaint's receipt goes back through the provider's API (a fake provider on loopback here), in
the channel's language, and nothing of the reporter's message is echoed. It is queued by the webhook and sent
by the task once the webhook has committed (``committed()``; ``test_receipt_reply_dispatch`` covers the queue)."""

from __future__ import annotations

import base64
import re

import pytest

from pseahub.cases.models import Complaint
from pseahub.intake.adapters.sms import hmac_sha256_hex
from pseahub.intake.dispatch import MAX_ATTEMPTS
from pseahub.intake.services import receipt_open

from .hooks_helpers import (
    NUMBER,
    SECRET,
    FakeProvider,
    africastalking_params,
    africastalking_post,
    channel_make,
    committed,
    generic_payload,
    generic_post,
    twilio_params,
    twilio_post,
)

STORY = "The driver of the white pick-up asked for sex"
STORY_FR = "Le driver du pick-up blanc a demandé des relations sexuelles"
RECEIPT = re.compile(r"\b(\d{4} \d{4} \d{4} \d{4})\b")


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


def _receipt_in(text: str) -> str:
    match = RECEIPT.search(text)
    assert match, text
    return match.group(1).replace(" ", "")


def _assert_no_echo(raw: bytes) -> None:
    assert b"driver" not in raw and b"pick-up" not in raw and b"pick%2Dup" not in raw


@pytest.mark.django_db
def test_it_sends_the_twilio_receipt_and_nothing_of_the_message(client, personas, monkeypatch, provider):
    channel = channel_make(
        monkeypatch,
        provider="twilio",
        slug="twilio-sms",
        api_base=provider.url,
        account_sid="AC123",
        **{"from": "+22399990000"},
    )

    with committed():
        response = twilio_post(client, channel, twilio_params(body=STORY))

    assert response.status_code == 200
    (sent,) = provider.wait()
    assert sent.path == "/2010-04-01/Accounts/AC123/Messages.json"
    assert sent.headers["authorization"] == "Basic " + base64.b64encode(f"AC123:{SECRET}".encode()).decode()
    assert sent.form["To"] == NUMBER and sent.form["From"] == "+22399990000"
    receipt = _receipt_in(sent.form["Body"])
    _assert_no_echo(sent.body)
    # The receipt that went out opens the complaint.
    access = receipt_open(receipt_text=receipt)
    assert access is not None and access.complaint == Complaint.objects.get()


@pytest.mark.django_db
def test_it_sends_the_whatsapp_receipt_to_the_whatsapp_address(client, personas, monkeypatch, provider):
    channel = channel_make(
        monkeypatch, provider="twilio", slug="twilio-wa", type="whatsapp", api_base=provider.url, account_sid="AC1"
    )

    with committed():
        twilio_post(client, channel, twilio_params(body=STORY, sender=f"whatsapp:{NUMBER}"))

    (sent,) = provider.wait()
    assert sent.form["To"] == f"whatsapp:{NUMBER}"
    assert sent.form["From"] == "whatsapp:+22399990000"


@pytest.mark.django_db
def test_it_sends_the_africastalking_receipt_in_the_reporters_language(client, personas, monkeypatch, provider):
    monkeypatch.setenv("PSEAHUB_TEST_AT_API_KEY", "at-api-key")
    channel = channel_make(
        monkeypatch,
        provider="africastalking",
        slug="at-3030",
        languages=["fr"],
        api_base=provider.url,
        username="psea",
        api_key_env="PSEAHUB_TEST_AT_API_KEY",
        **{"from": "3030"},
    )

    with committed():
        africastalking_post(client, channel, africastalking_params(text=STORY_FR))

    (sent,) = provider.wait()
    assert sent.path == "/version1/messaging"
    assert sent.headers["apikey"] == "at-api-key"
    assert sent.form["username"] == "psea" and sent.form["to"] == NUMBER and sent.form["from"] == "3030"
    assert "Votre code de suivi" in sent.form["message"]
    _receipt_in(sent.form["message"])
    _assert_no_echo(sent.body)


@pytest.mark.django_db
def test_it_sends_the_generic_receipt_as_signed_json(client, personas, monkeypatch, provider):
    channel = channel_make(monkeypatch, provider="generic", slug="rapidpro", send_url=f"{provider.url}/send")

    with committed():
        generic_post(client, channel, generic_payload(text=STORY))

    (sent,) = provider.wait()
    assert sent.path == "/send"
    assert sent.headers["x-signature"] == hmac_sha256_hex(SECRET, sent.body)
    assert sent.json["to"] == NUMBER
    _receipt_in(sent.json["text"])
    _assert_no_echo(sent.body)


@pytest.mark.django_db
def test_a_follow_up_or_a_replay_sends_nothing(client, personas, monkeypatch, provider):
    channel = channel_make(monkeypatch, provider="generic", slug="rapidpro", send_url=f"{provider.url}/send")

    with committed():
        generic_post(client, channel, generic_payload(id="g-1"))
    provider.wait()
    with committed():
        generic_post(client, channel, generic_payload(id="g-1"))
        generic_post(client, channel, generic_payload(id="g-2", text="more"))

    assert len(provider.wait(count=2, timeout=0.5)) == 1


@pytest.mark.django_db
def test_without_replies_no_receipt_is_issued(client, personas, monkeypatch, provider):
    channel = channel_make(monkeypatch, provider="generic", slug="rapidpro")

    with committed():
        response = generic_post(client, channel, generic_payload())

    assert response.status_code == 200
    assert provider.wait(timeout=0.3) == []
    # A receipt nobody can ever read would only cost an Argon2id derivation: none was made.
    assert Complaint.objects.get().receipt_lookup.startswith("none-")


@pytest.mark.django_db
def test_a_failing_provider_does_not_fail_the_webhook(client, personas, monkeypatch):
    failing = FakeProvider(status=500)
    try:
        channel = channel_make(monkeypatch, provider="generic", slug="rapidpro", send_url=f"{failing.url}/send")

        with committed():
            response = generic_post(client, channel, generic_payload())

        assert response.status_code == 200
        assert len(failing.requests) == MAX_ATTEMPTS  # tried again by the task, not once in the request
        assert Complaint.objects.count() == 1
    finally:
        failing.close()


def test_replies_refuse_plain_http_to_another_machine(monkeypatch):
    from pseahub.intake.adapters import sms
    from pseahub.intake.models import IntakeChannel

    monkeypatch.setenv("PSEAHUB_TEST_SECRET_X", SECRET)
    channel = IntakeChannel(
        slug="x",
        type="sms",
        provider="generic",
        secret_env="PSEAHUB_TEST_SECRET_X",
        config={"send_url": "http://example.org/s"},
    )

    with pytest.raises(sms.SendFailure) as refused:
        sms.reply_attempt(channel, NUMBER, "text")
    assert (refused.value.code, refused.value.transient) == ("ValueError", False)
