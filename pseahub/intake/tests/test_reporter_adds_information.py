"""The reporter adds information and files from the follow-up page; the coordinator sees them."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Attachment, Complaint, Message
from pseahub.cases.tests.helpers import events_on, text
from pseahub.vault.models import SealedFile

from .helpers import EXE, PDF, file_report, follow, upload


@pytest.fixture
def reporter(client, personas):
    receipt = file_report(client, narrative="Original-Report")
    follow(client, receipt)
    return client


@pytest.mark.django_db
def test_the_reporter_adds_a_message_and_a_file_and_the_coordinator_sees_them(reporter, personas, unlocked_client_for):
    response = reporter.post(
        "/report/status",
        {"body": "He-Was-Wearing-A-Red-Cap", "attachments": [upload("Red cap receipt.pdf", PDF, "application/pdf")]},
        follow=True,
    )

    assert response.redirect_chain == [("/report/status", 302)]
    page = text(response)
    assert "Thank you. We have received your information." in page
    assert "He-Was-Wearing-A-Red-Cap" in page and "From you" in page
    complaint = Complaint.objects.get()
    (event,) = events_on(complaint, Action.REPORTER_ADDED_INFORMATION)
    assert (event.actor, event.data) == (None, {"message": True, "attachments": 1})

    coordinator = unlocked_client_for(personas.coordinator)
    case_page = text(coordinator.get(f"/cases/{complaint.public_id}/"))
    assert "He-Was-Wearing-A-Red-Cap" in case_page
    assert "Red cap receipt.pdf" in case_page
    attachment = Attachment.objects.get(complaint=complaint)
    download = coordinator.get(f"/cases/{complaint.public_id}/attachments/{attachment.pk}/")
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_an_empty_addition_is_refused(reporter):
    response = reporter.post("/report/status", {"body": "  "})

    assert response.status_code == 200
    assert "Write something or attach a file." in text(response)
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_disallowed_file_is_refused_and_nothing_is_saved(reporter):
    response = reporter.post(
        "/report/status", {"body": "With a program", "attachments": [upload("photo.jpg", EXE, "image/jpeg")]}
    )

    assert response.status_code == 200
    assert "not a photo, PDF, audio or video file" in text(response)
    assert not Message.objects.exists()
    assert not SealedFile.objects.exists()
    assert not events_on(Complaint.objects.get(), Action.REPORTER_ADDED_INFORMATION)


@pytest.mark.django_db
def test_an_oversize_file_is_refused_and_nothing_is_saved(reporter, settings):
    settings.INTAKE_MAX_ATTACHMENT_BYTES = 2**20

    response = reporter.post(
        "/report/status", {"body": "Big", "attachments": [upload("big.pdf", PDF + b"0" * 2**20, "application/pdf")]}
    )

    assert "A file is larger than 1 MB. Nothing was sent" in text(response)
    assert not Message.objects.exists()
    assert not SealedFile.objects.exists()
