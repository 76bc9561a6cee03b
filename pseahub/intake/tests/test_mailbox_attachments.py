"""Attachments are allowed or refused by their content; a refused one never loses the message."""

import pytest

from pseahub.cases.models import Attachment, Complaint
from pseahub.intake.adapters.mailbox import mailbox_poll

from .imap_server import EXE, JPEG, PDF, ZIP, mail, opened, opened_files

STORY = "He took photos of the women at the distribution."


@pytest.mark.django_db
def test_it_keeps_allowed_attachments_sealed_and_named_by_content(personas, mailbox):
    mailbox.append(
        mail(
            STORY,
            attachments=[
                ("photo.jpg", "image/jpeg", JPEG),
                # Declared as anything: the content decides (a PDF sent as octet-stream).
                ("letter.bin", "application/octet-stream", PDF),
            ],
        )
    )

    result = mailbox_poll(channel=mailbox.channel)

    complaint = Complaint.objects.get()
    assert result.created == 1 and not complaint.is_quarantined
    files = sorted(opened_files(complaint, personas.coordinator, personas.password), key=lambda f: f[1]["filename"])
    assert [(meta["filename"], meta["content_type"]) for _content, meta in files] == [
        ("letter.pdf", "application/pdf"),
        ("photo.jpg", "image/jpeg"),
    ]
    assert [content for content, _meta in files] == [PDF, JPEG]
    assert mailbox.unprocessed() == []


@pytest.mark.django_db
def test_it_drops_refused_attachments_and_keeps_the_message_quarantined(personas, mailbox):
    mailbox.append(
        mail(
            STORY,
            attachments=[
                ("photo.jpg", "image/jpeg", JPEG),
                ("invoice.pdf", "application/pdf", EXE),  # a program dressed as a PDF
                ("evidence.zip", "application/zip", ZIP),  # never decompressed: not an allowed kind
            ],
        )
    )

    result = mailbox_poll(channel=mailbox.channel)

    complaint = Complaint.objects.get()
    assert result.created == 1 and result.quarantined == 1 and complaint.is_quarantined
    assert Attachment.objects.filter(complaint=complaint).count() == 1
    content = opened(complaint, personas.coordinator, personas.password)
    assert content["narrative"] == STORY
    note = content["channel_detail"]["quarantine_note"]
    assert "'invoice.pdf' (application/pdf) dropped: not a photo, PDF, audio or video file" in note
    assert "'evidence.zip' (application/zip) dropped: not a photo, PDF, audio or video file" in note
    assert "photo.jpg" not in note
    assert "MZ" not in note and "PK" not in note  # names and reasons, never content
    assert mailbox.unprocessed() == []


@pytest.mark.django_db
def test_it_drops_attachments_over_the_limit(personas, mailbox, settings):
    settings.INTAKE_MAX_ATTACHMENTS = 1
    mailbox.append(mail(STORY, attachments=[("a.jpg", "image/jpeg", JPEG), ("b.jpg", "image/jpeg", JPEG)]))

    mailbox_poll(channel=mailbox.channel)

    complaint = Complaint.objects.get()
    assert Attachment.objects.filter(complaint=complaint).count() == 1
    note = opened(complaint, personas.coordinator, personas.password)["channel_detail"]["quarantine_note"]
    assert "'b.jpg' (image/jpeg) dropped: more than 1 attachments" in note
