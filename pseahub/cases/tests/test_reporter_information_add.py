"""reporter_information_add: the reporter's message and files, sealed, audited with no actor."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Attachment, Message, MessageDirection
from pseahub.cases.services import AttachmentInput, reporter_information_add
from pseahub.core.exceptions import ApplicationError
from pseahub.vault import services as vault
from pseahub.vault.models import SealedFile

from .helpers import events_on, file_complaint, keyring_private, opened

PDF = b"%PDF-1.4\nSecret-Ledger-Page-77\n%%EOF"


@pytest.mark.django_db
def test_it_seals_the_message_and_the_files_and_audits_with_no_actor(personas):
    complaint = file_complaint()

    message = reporter_information_add(
        complaint=complaint,
        body="He-Came-Back-Tuesday",
        attachments=[AttachmentInput(content=PDF, filename="ledger.pdf", content_type="application/pdf")],
    )

    assert message is not None and message.direction == MessageDirection.FROM_REPORTER
    assert message.author is None
    assert opened(personas.coordinator, complaint, message) == {"body": "He-Came-Back-Tuesday"}
    attachment = Attachment.objects.get(complaint=complaint)
    assert attachment.from_reporter
    content, meta = vault.sealed_file_open(
        sealed_file=attachment.sealed_file, keyring_private=keyring_private(personas.coordinator, complaint)
    )
    assert (content, meta["filename"]) == (PDF, "ledger.pdf")
    (event,) = events_on(complaint, Action.REPORTER_ADDED_INFORMATION)
    assert event.actor is None
    assert event.data == {"message": True, "attachments": 1}


@pytest.mark.django_db
def test_a_file_alone_is_enough(personas):
    complaint = file_complaint()

    message = reporter_information_add(
        complaint=complaint,
        body="  ",
        attachments=[AttachmentInput(content=PDF, filename="ledger.pdf", content_type="application/pdf")],
    )

    assert message is None
    assert not Message.objects.exists()
    assert events_on(complaint, Action.REPORTER_ADDED_INFORMATION)[0].data == {"message": False, "attachments": 1}


@pytest.mark.django_db
def test_it_refuses_nothing(personas):
    complaint = file_complaint()

    with pytest.raises(ApplicationError):
        reporter_information_add(complaint=complaint, body="", attachments=[])

    assert not Message.objects.exists()
    assert not SealedFile.objects.exists()
    assert not events_on(complaint, Action.REPORTER_ADDED_INFORMATION)
