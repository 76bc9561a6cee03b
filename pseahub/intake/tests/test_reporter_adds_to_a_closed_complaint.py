"""Once the complaint is closed, the reporter's follow-up page still shows its status and messages, but an
addition is refused by the service with "This complaint is closed." and nothing is stored."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Attachment, Complaint, Message
from pseahub.cases.services import complaint_close
from pseahub.cases.tests.helpers import events_on, text
from pseahub.vault.models import SealedFile

from .helpers import PDF, file_report, follow, upload


@pytest.mark.django_db
def test_the_addition_is_refused_with_the_message(client, personas):
    receipt = file_report(client, narrative="Original-Report")
    follow(client, receipt)
    complaint = Complaint.objects.get()
    complaint_close(actor=personas.coordinator, complaint=complaint, reason="withdrawn")
    files = SealedFile.objects.count()

    response = client.post(
        "/report/status",
        {"body": "Late-Detail", "attachments": [upload("late.pdf", PDF, "application/pdf")]},
    )

    assert response.status_code == 200
    page = text(response)
    assert "This complaint is closed." in page
    assert not Message.objects.filter(complaint=complaint).exists()
    assert not Attachment.objects.filter(complaint=complaint).exists()
    assert SealedFile.objects.count() == files
    assert events_on(complaint, Action.REPORTER_ADDED_INFORMATION) == []
