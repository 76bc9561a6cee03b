"""Attachments are judged by their content, not their name; one bad file refuses the whole report, with a
clear message, and nothing at all is saved."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Attachment, Complaint, Survivor
from pseahub.cases.tests.helpers import keyring_private, text
from pseahub.intake.attachments import sniff
from pseahub.vault import services as vault
from pseahub.vault.models import KeyGrant, Keyring, SealedFile

from .helpers import EXE, HTML, JPEG, PDF, post_form, post_report, report_data, upload

NOT_ALLOWED = "One of the files is not a photo, PDF, audio or video file. Nothing was sent; remove it and retry."


def _nothing_saved():
    assert not Complaint.objects.exists()
    assert not Survivor.objects.exists()
    assert not Attachment.objects.exists()
    assert not SealedFile.objects.exists()
    assert not Keyring.objects.exists()
    assert not KeyGrant.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.COMPLAINT_CREATED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("holiday.jpg", EXE),  # a Windows program named as a photo
        ("statement.pdf", HTML),
        ("page.html", HTML),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("notes.txt", b"just some text"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 40),
    ],
)
def test_a_disallowed_file_is_refused_and_nothing_is_saved(client, personas, name, content):
    response = post_report(client, report_data(attachments=[upload(name, content, "image/jpeg")]))

    assert response.status_code == 200
    assert NOT_ALLOWED in text(response)
    assert 'id="receipt"' not in response.content.decode()
    _nothing_saved()


@pytest.mark.django_db
def test_one_bad_file_among_good_ones_refuses_them_all(client, personas):
    files = [upload("a.jpg", JPEG), upload("b.pdf", PDF), upload("c.jpg", EXE)]

    response = post_report(client, report_data(attachments=files))

    assert NOT_ALLOWED in text(response)
    _nothing_saved()


@pytest.mark.django_db
def test_an_oversize_file_is_refused_and_nothing_is_saved(client, personas, settings):
    settings.INTAKE_MAX_ATTACHMENT_BYTES = 2**20

    response = post_report(
        client,
        report_data(narrative="Keep-My-Words", attachments=[upload("big.jpg", JPEG + b"\x00" * 2**20)]),
    )

    page = text(response)
    assert "A file is larger than 1 MB. Nothing was sent; attach smaller files." in page
    assert "Keep-My-Words" in page  # the reporter does not lose what they wrote
    _nothing_saved()


@pytest.mark.django_db
def test_a_file_at_the_limit_is_accepted(client, personas, settings):
    settings.INTAKE_MAX_ATTACHMENT_BYTES = 2**20
    content = (JPEG + b"\x00" * 2**20)[: 2**20]

    response = post_report(client, report_data(attachments=[upload("exact.jpg", content)]))

    assert 'id="receipt"' in response.content.decode()
    assert SealedFile.objects.get().size == 2**20


@pytest.mark.django_db
def test_an_empty_file_is_refused(client, personas):
    response = post_report(client, report_data(attachments=[upload("empty.jpg", b"")]))

    assert response.status_code == 200
    assert 'id="receipt"' not in response.content.decode()
    _nothing_saved()


@pytest.mark.django_db
def test_too_many_files_are_refused(client, personas, settings):
    files = [upload(f"p{i}.jpg", JPEG) for i in range(settings.INTAKE_MAX_ATTACHMENTS + 1)]

    response = post_report(client, report_data(attachments=files))

    assert f"You can attach at most {settings.INTAKE_MAX_ATTACHMENTS} files." in text(response)
    _nothing_saved()


@pytest.mark.django_db
def test_the_kind_follows_the_content_not_the_name(client, personas):
    response = post_report(client, report_data(attachments=[upload("Evidence.exe", PDF, "application/x-msdownload")]))

    assert 'id="receipt"' in response.content.decode()
    complaint = Complaint.objects.get()
    attachment = Attachment.objects.get(complaint=complaint)
    content, meta = vault.sealed_file_open(
        sealed_file=attachment.sealed_file, keyring_private=keyring_private(personas.coordinator, complaint)
    )
    assert content == PDF
    assert meta == {"filename": "Evidence.pdf", "content_type": "application/pdf"}


@pytest.mark.django_db
def test_the_operator_form_refuses_bad_files_too(personas, client_for):
    response = post_form(
        client_for(personas.operator),
        "/intake/operator/",
        report_data(channel="hotline", language="en", consent_given_by="survivor", attachments=[upload("x.jpg", EXE)]),
    )

    assert NOT_ALLOWED in text(response)
    _nothing_saved()


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.7", "application/pdf"),
        (b"ID3\x03\x00", "audio/mpeg"),
        (b"OggS\x00", "audio/ogg"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "audio/wav"),
        (b"\x00\x00\x00\x20ftypM4A ", "audio/mp4"),
        (b"\x00\x00\x00\x20ftypisom", "video/mp4"),
        (b"MZ\x90\x00", None),
        (b"\x7fELF", None),
        (b"<html>", None),
        (b"PK\x03\x04", None),
        (b"", None),
    ],
)
def test_the_content_sniffer(head, kind):
    found = sniff(head + b"\x00" * 16)
    assert (found.content_type if found else None) == kind


@pytest.mark.django_db
def test_an_oversize_file_with_another_error_names_the_real_limit(client, personas, settings):
    settings.INTAKE_MAX_ATTACHMENT_BYTES = 2 * 2**20

    response = client.post(
        "/report", report_data(narrative="", attachments=[upload("big.jpg", JPEG + b"\x00" * 3 * 2**20)])
    )

    page = text(response)
    assert "This field is required." in page
    assert "A file is larger than 2 MB. Nothing was sent; attach smaller files." in page
    _nothing_saved()
