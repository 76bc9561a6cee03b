"""The HQ return file's published schema at /insights/schema/hq-return-1.0.json: anyone may read it (it holds
no data), signed in or not, as the file stored beside the code, a valid JSON Schema 2020-12, cacheable; GET and
HEAD only."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from pseahub.insights import hq_file

pytestmark = pytest.mark.django_db

URL = "/insights/schema/hq-return-1.0.json"
PERSONAS = [
    "coordinator", "focal_point_a", "provider", "operator", "analyst", "leadership", "co_chair", "donor", "admin",
    "no_role",
]  # fmt: skip


def test_anyone_reads_the_schema_without_signing_in(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert response.content == hq_file.SCHEMA_PATH.read_bytes()
    assert {"public", "max-age=86400"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    schema = json.loads(response.content)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["format"] == {"const": "pseahub-hq-return"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_signed_in_role_reads_it_too(personas, client_for, persona):
    response = client_for(getattr(personas, persona)).get(URL)
    assert response.status_code == 200 and response.content == hq_file.SCHEMA_PATH.read_bytes()


def test_it_is_read_only(client):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405
    assert client.put(URL).status_code == 405
