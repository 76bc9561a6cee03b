"""attachment_read: a file opens only with the complaint's key, under a neutral name, and is audited."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Attachment
from pseahub.cases.services import AttachmentInput, attachment_read

from .helpers import events_on, file_complaint, keyring_private

PNG = b"\x89PNG\r\n\x1a\n" + b"Pelican-Pixels-2468" * 8


@pytest.fixture
def attachment(personas):
    complaint = file_complaint(
        attachments=[AttachmentInput(content=PNG, filename="Pelican family.png", content_type="image/png")]
    )
    return Attachment.objects.get(complaint=complaint)


@pytest.mark.django_db
def test_it_returns_the_file_and_audits_the_reading(personas, attachment):
    complaint = attachment.complaint

    content, meta = attachment_read(
        actor=personas.coordinator,
        attachment=attachment,
        keyring_private=keyring_private(personas.coordinator, complaint),
    )

    assert content == PNG
    assert meta == {"filename": "Pelican family.png", "content_type": "image/png"}
    (event,) = events_on(complaint, Action.ATTACHMENT_READ)
    assert event.actor == personas.coordinator
    assert event.data == {"attachment": attachment.pk}


@pytest.mark.django_db
def test_the_download_gives_the_file_under_a_neutral_name(personas, attachment, unlocked_client_for):
    complaint = attachment.complaint

    response = unlocked_client_for(personas.coordinator).get(
        f"/cases/{complaint.public_id}/attachments/{attachment.pk}/"
    )

    assert response.status_code == 200
    assert response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="{complaint.reference}-{attachment.pk}.png"'
    assert "Pelican" not in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert len(events_on(complaint, Action.ATTACHMENT_READ)) == 1


@pytest.mark.django_db
def test_a_locked_key_gets_404_and_reads_nothing(personas, attachment, client_for):
    complaint = attachment.complaint

    response = client_for(personas.coordinator).get(f"/cases/{complaint.public_id}/attachments/{attachment.pk}/")

    assert response.status_code == 404
    assert not events_on(complaint, Action.ATTACHMENT_READ)


@pytest.mark.django_db
def test_an_attachment_of_another_complaint_is_not_found(personas, attachment, unlocked_client_for):
    other = file_complaint()

    response = unlocked_client_for(personas.coordinator).get(f"/cases/{other.public_id}/attachments/{attachment.pk}/")

    assert response.status_code == 404
    assert not events_on(attachment.complaint, Action.ATTACHMENT_READ)
