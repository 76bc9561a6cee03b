"""Attachments of a KoboToolbox submission: fetched after the submission is answered, with the Kobo API token,
from the channel's Kobo server only; checked, sealed under the name the form gave; refusals noted."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Attachment, CaseNote, Complaint
from pseahub.vault import services as vault

from .hooks_helpers import SECRET, channel_make, keyring_private_of, kobo_post
from .media_helpers import JPEG, MediaServer, Reply

PDF = b"%PDF-1.4\n(Umber-Field-Form-Letter-6620)\n%%EOF\n"
API_TOKEN = "kobo-api-token-0123456789abcdef"


@pytest.fixture
def kobo_server():
    server = MediaServer()
    yield server
    server.close()


def _submission(*attachments: dict) -> dict:
    return {
        "_uuid": "0d3c2b1a-aaaa-4bbb-8ccc-000000000001",
        "meta/instanceID": "uuid:0d3c2b1a-aaaa-4bbb-8ccc-000000000001",
        "group_incident/narrative": "Un agent a demandé des relations sexuelles contre de la nourriture.",
        "_attachments": list(attachments),
    }


def _attachment(url: str, filename: str = "fieldworker1/attachments/abc/photo_1.jpg", mimetype: str = "image/jpeg"):
    return {"download_url": url, "mimetype": mimetype, "filename": filename, "instance": 1234, "id": 77}


def _post(client, channel, payload, capture):
    with capture(execute=True):
        return kobo_post(client, channel, payload)


@pytest.mark.django_db
def test_it_fetches_attachments_with_the_kobo_api_token(
    client, personas, monkeypatch, kobo_server, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("PSEAHUB_TEST_KOBO_API_TOKEN", API_TOKEN)
    channel = channel_make(
        monkeypatch,
        provider="kobo",
        slug="kobo-mali",
        type="field_form",
        api_base=kobo_server.url,
        api_token_env="PSEAHUB_TEST_KOBO_API_TOKEN",
    )
    photo = kobo_server.serve("/api/v2/assets/aX/data/1234/attachments/77/", Reply(body=JPEG))
    letter = kobo_server.serve("/api/v2/assets/aX/data/1234/attachments/78/", Reply(body=PDF))

    response = _post(
        client,
        channel,
        _submission(_attachment(photo), _attachment(letter, "fw/attachments/abc/letter.pdf", "application/pdf")),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 201
    complaint = Complaint.objects.get()
    private = keyring_private_of(personas.coordinator, complaint)
    files = {
        meta["filename"]: (content, meta["content_type"])
        for content, meta in (
            vault.sealed_file_open(sealed_file=a.sealed_file, keyring_private=private)
            for a in Attachment.objects.filter(complaint=complaint, from_reporter=True)
        )
    }
    assert files == {"photo_1.jpg": (JPEG, "image/jpeg"), "letter.pdf": (PDF, "application/pdf")}
    assert {request.headers["authorization"] for request in kobo_server.of("GET")} == {f"Token {API_TOKEN}"}
    assert kobo_server.of("DELETE") == []  # the form server keeps its submissions
    assert not complaint.is_quarantined
    assert AuditEvent.objects.get(action=Action.REPORTER_MEDIA_FETCHED).data["attached"] == 2


@pytest.mark.django_db
def test_without_an_api_token_variable_it_uses_the_channel_token(
    client, personas, monkeypatch, kobo_server, django_capture_on_commit_callbacks
):
    channel = channel_make(monkeypatch, provider="kobo", slug="kobo-mali", type="field_form", api_base=kobo_server.url)
    photo = kobo_server.serve("/media/original", Reply(body=JPEG))

    _post(client, channel, _submission(_attachment(photo + "?media_file=x.jpg")), django_capture_on_commit_callbacks)

    assert Attachment.objects.count() == 1
    assert kobo_server.of("GET")[0].headers["authorization"] == f"Token {SECRET}"


@pytest.mark.django_db
def test_a_refused_attachment_is_noted_and_the_submission_kept(
    client, personas, monkeypatch, kobo_server, django_capture_on_commit_callbacks
):
    channel = channel_make(monkeypatch, provider="kobo", slug="kobo-mali", type="field_form", api_base=kobo_server.url)
    photo = kobo_server.serve("/a/1/", Reply(body=JPEG))
    script = kobo_server.serve("/a/2/", Reply(body=b"#!/bin/sh\necho hello\n"))

    response = _post(
        client,
        channel,
        _submission(_attachment(photo), _attachment(script, "fw/attachments/abc/run.sh", "image/jpeg")),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert Attachment.objects.filter(complaint=complaint).count() == 1
    assert complaint.is_quarantined
    private = keyring_private_of(personas.coordinator, complaint)
    (note,) = [
        vault.open_data(private, bound_to=(n, "sealed"))["text"] for n in CaseNote.objects.filter(complaint=complaint)
    ]
    assert "Attachment 2 of 2 (run)" in note and "not a photo, PDF, audio or video file" in note
    assert AuditEvent.objects.get(action=Action.REPORTER_MEDIA_FETCHED).data == {
        "channel": "kobo-mali",
        "attached": 1,
        "refused": 1,
        "failed": 0,
        "retrying": 0,
    }


@pytest.mark.django_db
def test_without_a_kobo_server_set_nothing_is_fetched_and_it_is_noted(
    client, personas, monkeypatch, kobo_server, django_capture_on_commit_callbacks
):
    channel = channel_make(monkeypatch, provider="kobo", slug="kobo-mali", type="field_form")
    photo = kobo_server.serve("/a/1/", Reply(body=JPEG))

    _post(client, channel, _submission(_attachment(photo)), django_capture_on_commit_callbacks)

    complaint = Complaint.objects.get()
    assert kobo_server.requests == []
    assert complaint.is_quarantined and not Attachment.objects.exists()


@pytest.mark.django_db
def test_an_attachment_without_an_address_is_noted_at_once(client, personas, monkeypatch, kobo_server):
    channel = channel_make(monkeypatch, provider="kobo", slug="kobo-mali", type="field_form", api_base=kobo_server.url)

    response = kobo_post(client, channel, _submission({"filename": "x.jpg", "mimetype": "image/jpeg"}))

    assert response.status_code == 201
    assert Complaint.objects.get().is_quarantined
