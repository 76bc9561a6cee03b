"""Bad mail never crashes the worker and is never lost: each becomes a quarantined complaint with a note."""

import pytest

from pseahub.cases.models import Attachment, Complaint
from pseahub.intake.adapters.mailbox import mailbox_poll
from pseahub.intake.models import InboundMessage

from .imap_server import mail, opened

BROKEN_MULTIPART = (
    b"From: a@example.net\r\nMessage-ID: <broken-1@example.net>\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="XYZ"\r\n\r\n'
    b"--XYZ\r\nContent-Type: text/plain\r\n\r\nBroken-Multipart-Text\r\n"
    b"--XYZ\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ!!!not*base64\r\n"
)  # no closing boundary, invalid base64
UNKNOWN_CHARSET = (
    b"From: a@example.net\r\nMessage-ID: <charset-1@example.net>\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=x-klingon-7\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    b"Charset-Text caf\xe9 \xff\xfe end\r\n"
)
EMPTY = b"From: a@example.net\r\nMessage-ID: <empty-1@example.net>\r\nSubject: (no text)\r\n\r\n"
HEADERS_ONLY_GARBAGE = b"\x00\xff\xfe garbage without headers \x00\r\n\r\n\xc3\x28"


def _note(personas, complaint):
    return opened(complaint, personas.coordinator, personas.password)["channel_detail"]["quarantine_note"]


@pytest.mark.django_db
def test_it_quarantines_malformed_mime_with_its_text(personas, mailbox):
    mailbox.append(BROKEN_MULTIPART)

    result = mailbox_poll(channel=mailbox.channel)

    complaint = Complaint.objects.get()
    assert result.created == result.quarantined == 1 and complaint.is_quarantined
    assert "Broken-Multipart-Text" in opened(complaint, personas.coordinator, personas.password)["narrative"]
    assert "MIME structure is damaged" in _note(personas, complaint)
    assert mailbox.unprocessed() == []


@pytest.mark.django_db
def test_it_decodes_an_unknown_charset_with_replacement(personas, mailbox):
    mailbox.append(UNKNOWN_CHARSET)

    mailbox_poll(channel=mailbox.channel)

    complaint = Complaint.objects.get()
    narrative = opened(complaint, personas.coordinator, personas.password)["narrative"]
    assert narrative.startswith("Charset-Text caf\ufffd") and narrative.endswith("end")
    assert "unknown character set 'x-klingon-7'" in _note(personas, complaint)
    assert complaint.is_quarantined


@pytest.mark.django_db
def test_it_quarantines_an_empty_message(personas, mailbox):
    mailbox.append(EMPTY)

    mailbox_poll(channel=mailbox.channel)

    complaint = Complaint.objects.get()
    assert complaint.is_quarantined
    assert _note(personas, complaint) == "the message has no text"
    assert opened(complaint, personas.coordinator, personas.password)["channel_detail"]["subject"] == "(no text)"


@pytest.mark.django_db
def test_it_drops_a_20_mb_attachment_without_decoding_it_and_keeps_the_text(personas, mailbox):
    huge = b"\xff\xd8\xff\xe0" + b"\x00" * (20 * 2**20)
    mailbox.append(mail("Big-Attachment-Text", attachments=[("video.jpg", "image/jpeg", huge)]))

    result = mailbox_poll(channel=mailbox.channel)

    complaint = Complaint.objects.get()
    assert result.created == 1 and complaint.is_quarantined
    assert Attachment.objects.filter(complaint=complaint).count() == 0
    assert opened(complaint, personas.coordinator, personas.password)["narrative"] == "Big-Attachment-Text"
    assert "'video.jpg' (image/jpeg, about 20.0 MB) dropped: larger than 10.0 MB" in _note(personas, complaint)


@pytest.mark.django_db
def test_it_goes_on_with_the_batch_after_bad_messages(personas, mailbox):
    mailbox.append(BROKEN_MULTIPART, HEADERS_ONLY_GARBAGE, UNKNOWN_CHARSET, EMPTY, mail("Good-Message"))

    result = mailbox_poll(channel=mailbox.channel)

    assert (result.fetched, result.created, result.failed) == (5, 5, 0)
    assert Complaint.objects.count() == InboundMessage.objects.count() == 5
    assert Complaint.objects.filter(is_quarantined=True).count() == 4
    assert mailbox.unprocessed() == []
