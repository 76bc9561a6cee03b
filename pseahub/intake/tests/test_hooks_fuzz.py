"""Fuzzing the webhook parsers: whatever the payload, the answer is a 2xx or a 4xx decision, never a crash.

Payloads are signed with the channel's secret where a signature is needed, so they get past authentication
and reach the parsers and the pipeline. The test client re-raises any exception a view lets through.
"""

from __future__ import annotations

import json
import urllib.parse

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pseahub.intake.adapters import fieldform, sms
from pseahub.intake.adapters.sms import HookRefused, hmac_sha256_hex, twilio_signature
from pseahub.intake.models import IntakeChannel

from .hooks_helpers import FORM, JSON, SECRET, basic_auth, channel_make

DECISIONS = {200, 201, 400, 403, 413, 415}
FUZZ = settings(
    max_examples=60,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TWILIO_KEYS = ["MessageSid", "From", "To", "Body", "NumMedia"]
AT_KEYS = ["from", "to", "text", "id", "date", "linkId"]
GENERIC_KEYS = ["id", "from", "text", "timestamp"]
KOBO_KEYS = [
    "_uuid",
    "meta/instanceID",
    "narrative",
    "group/narrative",
    "incident_date",
    "area",
    "organisation",
    "survivor_age_group",
    "survivor_sex",
    "involves_child",
    "_attachments",
]

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40))
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


def _form_params(keys: list[str], **fixed: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, str]]:
    # Every known field present (so many payloads reach the pipeline), some of them, and strangers.
    complete = st.fixed_dictionaries({key: fixed.get(key, st.text(min_size=1, max_size=60)) for key in keys})
    some = st.dictionaries(st.sampled_from(keys), st.text(max_size=60), max_size=len(keys))
    other = st.dictionaries(st.text(max_size=12), st.text(max_size=30), max_size=4)
    return st.builds(lambda a, b: {**b, **a}, complete | some, other)


def _json_object(keys: list[str]) -> st.SearchStrategy[object]:
    complete = st.fixed_dictionaries({key: st.text(min_size=1, max_size=60) | json_values for key in keys})
    some = st.dictionaries(st.sampled_from(keys), json_values, max_size=len(keys))
    return st.one_of(complete, some, json_values)


@pytest.fixture
def channels(monkeypatch, personas) -> dict[str, IntakeChannel]:
    return {
        "twilio": channel_make(monkeypatch, provider="twilio", slug="fuzz-twilio", type="whatsapp"),
        "africastalking": channel_make(monkeypatch, provider="africastalking", slug="fuzz-at"),
        "generic": channel_make(monkeypatch, provider="generic", slug="fuzz-generic"),
        "kobo": channel_make(monkeypatch, provider="kobo", slug="fuzz-kobo", type="field_form"),
    }


@pytest.mark.django_db
@FUZZ
@given(params=_form_params(TWILIO_KEYS, NumMedia=st.sampled_from(["0", "1", "", "-1", "x"])))
def test_twilio_form_payloads_never_crash(client, channels, params):
    path = "/intake/hooks/twilio/fuzz-twilio"
    signature = twilio_signature(SECRET, f"http://testserver{path}", params.items())

    response = client.post(
        path, data=urllib.parse.urlencode(params), content_type=FORM, HTTP_X_TWILIO_SIGNATURE=signature
    )

    assert response.status_code in DECISIONS
    event(f"twilio answered {response.status_code}")


@pytest.mark.django_db
@FUZZ
@given(params=_form_params(AT_KEYS), token=st.sampled_from([SECRET, "", "x", SECRET + "x"]))
def test_africastalking_form_payloads_never_crash(client, channels, params, token):
    response = client.post(
        "/intake/hooks/africastalking/fuzz-at",
        data=urllib.parse.urlencode(params),
        content_type=FORM,
        HTTP_AUTHORIZATION=basic_auth(token),
    )

    assert response.status_code in DECISIONS


@pytest.mark.django_db
@FUZZ
@given(payload=_json_object(GENERIC_KEYS))
def test_generic_json_payloads_never_crash(client, channels, payload):
    body = json.dumps(payload).encode()

    response = client.post(
        "/intake/hooks/generic/fuzz-generic",
        data=body,
        content_type=JSON,
        HTTP_X_SIGNATURE=hmac_sha256_hex(SECRET, body),
    )

    assert response.status_code in DECISIONS


@pytest.mark.django_db
@FUZZ
@given(body=st.binary(max_size=300), content_type=st.sampled_from([JSON, FORM, "text/plain", JSON + "; charset=utf-8"]))
def test_raw_bodies_never_crash(client, channels, body, content_type):
    signature = hmac_sha256_hex(SECRET, body)
    answers = [
        client.post(
            "/intake/hooks/generic/fuzz-generic", data=body, content_type=content_type, HTTP_X_SIGNATURE=signature
        ),
        client.post(
            "/intake/hooks/twilio/fuzz-twilio", data=body, content_type=content_type, HTTP_X_TWILIO_SIGNATURE="x"
        ),
        client.post(
            "/intake/hooks/africastalking/fuzz-at",
            data=body,
            content_type=content_type,
            HTTP_AUTHORIZATION=basic_auth(SECRET),
        ),
        client.post(
            "/intake/hooks/kobo/fuzz-kobo", data=body, content_type=content_type, HTTP_AUTHORIZATION=f"Token {SECRET}"
        ),
    ]

    assert {answer.status_code for answer in answers} <= DECISIONS


@pytest.mark.django_db
@FUZZ
@given(payload=_json_object(KOBO_KEYS), authorization=st.sampled_from([f"Token {SECRET}", "Token", "Basic !!", ""]))
def test_kobo_json_submissions_never_crash(client, channels, payload, authorization):
    response = client.post(
        "/intake/hooks/kobo/fuzz-kobo", data=json.dumps(payload), content_type=JSON, HTTP_AUTHORIZATION=authorization
    )

    assert response.status_code in DECISIONS


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=_json_object(GENERIC_KEYS + KOBO_KEYS))
def test_the_parsers_only_ever_refuse(channels, payload):
    for parse, channel in (
        (sms.generic_parse, channels["generic"]),
        (fieldform.submission_parse, channels["kobo"]),
    ):
        try:
            parse(channel, payload)
        except HookRefused as refusal:
            assert 400 <= refusal.status < 500
