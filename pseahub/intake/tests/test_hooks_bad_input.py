"""Bad requests get the right 4xx with a short reason that repeats nothing of the content, never a 500."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from pseahub.cases.models import Complaint
from pseahub.intake.adapters.sms import hmac_sha256_hex

from .hooks_helpers import (
    FORM,
    JSON,
    NUMBER,
    SECRET,
    africastalking_params,
    africastalking_post,
    basic_auth,
    channel_make,
    generic_payload,
    generic_post,
    kobo_post,
    twilio_params,
    twilio_post,
)


@pytest.fixture
def generic(monkeypatch, personas):
    return channel_make(monkeypatch, provider="generic", slug="rapidpro")


def _reason(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_empty_text_is_refused_on_every_provider(client, personas, monkeypatch, generic):
    twilio = channel_make(monkeypatch, provider="twilio", slug="twilio-sms")
    at = channel_make(monkeypatch, provider="africastalking", slug="at-3030")

    answers = [
        twilio_post(client, twilio, twilio_params(body="   ")),
        africastalking_post(client, at, africastalking_params(text="")),
        generic_post(client, generic, generic_payload(text="\n")),
    ]

    assert [answer.status_code for answer in answers] == [400, 400, 400]
    assert {_reason(answer) for answer in answers} == {"empty text"}
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_an_oversized_payload_is_refused_with_413(client, generic):
    payload = generic_payload(text="x" * (70 * 1024))

    response = generic_post(client, generic, payload)

    assert response.status_code == 413
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_an_oversized_form_is_refused_with_413(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="africastalking", slug="at-3030")

    response = africastalking_post(client, channel, africastalking_params(text="x" * (70 * 1024)))

    assert response.status_code == 413


@pytest.mark.django_db
def test_a_wrong_content_type_is_refused_with_415(client, personas, monkeypatch, generic):
    twilio = channel_make(monkeypatch, provider="twilio", slug="twilio-sms")
    body = json.dumps(generic_payload()).encode()

    as_form = client.post(
        "/intake/hooks/generic/rapidpro", data=body, content_type=FORM, HTTP_X_SIGNATURE=hmac_sha256_hex(SECRET, body)
    )
    as_json = client.post("/intake/hooks/twilio/twilio-sms", data=json.dumps(twilio_params()), content_type=JSON)
    as_multipart = client.post("/intake/hooks/twilio/twilio-sms", data=twilio_params())

    assert (as_form.status_code, as_json.status_code, as_multipart.status_code) == (415, 415, 415)
    assert twilio.pk and not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"from": NUMBER, "text": "hello"}, "missing id"),
        ({"id": "g-1", "text": "hello"}, "missing from"),
        ({"id": "g-1", "from": NUMBER, "text": 12}, "invalid text"),
        ({"id": "g-1\n", "from": NUMBER + "\x00", "text": "hello"}, "invalid from"),
        ({"id": "g-1", "from": NUMBER, "text": "hello", "timestamp": "yesterday"}, "invalid timestamp"),
        (["not", "an", "object"], "expected a JSON object"),
    ],
)
def test_missing_or_invalid_fields_are_refused_with_400(client, generic, payload, reason):
    response = generic_post(client, generic, payload)

    assert response.status_code == 400
    assert _reason(response) == reason
    assert "hello" not in _reason(response)


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_refused_with_400(client, generic):
    response = generic_post(client, generic, None, raw=b'{"id": "g-1", "text": "secret words"')

    assert response.status_code == 400
    assert _reason(response) == "invalid JSON"


@pytest.mark.django_db
def test_a_form_that_is_not_utf8_is_refused_with_400(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="africastalking", slug="at-3030")

    response = client.post(
        f"/intake/hooks/africastalking/{channel.slug}",
        data=b"text=%FF%FE&from=1&id=2",
        content_type=FORM,
        HTTP_AUTHORIZATION=basic_auth(SECRET),
    )

    assert response.status_code == 400


@pytest.mark.django_db
def test_only_post_is_allowed(client, generic):
    assert client.get("/intake/hooks/generic/rapidpro").status_code == 405


@pytest.mark.django_db
def test_an_unknown_or_disabled_channel_or_another_providers_slug_is_404(client, personas, monkeypatch, generic):
    disabled = channel_make(monkeypatch, provider="generic", slug="old")
    disabled.is_enabled = False
    disabled.save()

    unknown = generic_post(client, generic, generic_payload(), raw=None)
    assert unknown.status_code == 200  # the enabled one works
    assert client.post("/intake/hooks/generic/nope", data=b"{}", content_type=JSON).status_code == 404
    assert generic_post(client, disabled, generic_payload(id="g-2")).status_code == 404
    assert twilio_post(client, generic, twilio_params()).status_code == 404  # a generic channel's slug
    assert kobo_post(client, generic, {"_uuid": "x"}).status_code == 404


@pytest.mark.django_db
def test_a_too_long_message_is_refused(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms")
    params = twilio_params(body="y" * 10_001)

    response = twilio_post(client, channel, params)

    assert response.status_code == 400
    assert urllib.parse.quote("y" * 20) not in _reason(response)
