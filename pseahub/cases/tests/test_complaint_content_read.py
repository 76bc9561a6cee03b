"""complaint_content_read: opening the sealed fields writes CASE_CONTENT_READ; a locked key opens nothing."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Survivor
from pseahub.cases.services import (
    AttachmentInput,
    complaint_content_read,
    message_to_reporter,
    reporter_information_add,
    survivor_update,
)

from .helpers import LOCKED_NOTICE, events_on, file_complaint, keyring_private, text

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def complaint(personas):
    complaint = file_complaint(
        narrative="Zebra-Narrative-1",
        reporter_name="Reporter-Heron",
        attachments=[AttachmentInput(content=JPEG, filename="heron.jpg", content_type="image/jpeg")],
    )
    survivor = Survivor.objects.get(complaint=complaint)
    survivor_update(
        actor=personas.coordinator,
        survivor=survivor,
        sex="female",
        age_group=None,
        disability="unknown",
        displacement=None,
        is_child=False,
        name="Survivor-Ibis",
        contact="",
    )
    message_to_reporter(actor=personas.coordinator, complaint=complaint, body="Coordinator-Reply")
    reporter_information_add(complaint=complaint, body="Reporter-Addition", attachments=[])
    return complaint


@pytest.mark.django_db
def test_it_opens_every_sealed_field_and_audits_the_reading(personas, complaint):
    content = complaint_content_read(
        actor=personas.coordinator,
        complaint=complaint,
        keyring_private=keyring_private(personas.coordinator, complaint),
    )

    assert content.complaint["narrative"] == "Zebra-Narrative-1"
    assert content.complaint["reporter_name"] == "Reporter-Heron"
    assert list(content.survivors.values()) == [{"name": "Survivor-Ibis", "contact": ""}]
    assert [body for _m, body in content.messages] == ["Coordinator-Reply", "Reporter-Addition"]
    assert [meta["filename"] for _a, meta in content.attachments] == ["heron.jpg"]
    (event,) = events_on(complaint, Action.CASE_CONTENT_READ)
    assert event.actor == personas.coordinator
    assert event.data == {}


@pytest.mark.django_db
def test_the_case_page_shows_sealed_content_and_audits_each_reading(personas, complaint, unlocked_client_for):
    client = unlocked_client_for(personas.coordinator)

    first = client.get(f"/cases/{complaint.public_id}/")
    client.get(f"/cases/{complaint.public_id}/")

    assert first.status_code == 200
    page = text(first)
    for shown in ("Zebra-Narrative-1", "Reporter-Heron", "Survivor-Ibis", "Coordinator-Reply", "Reporter-Addition"):
        assert shown in page
    assert "heron.jpg" in page
    assert LOCKED_NOTICE not in page
    events = events_on(complaint, Action.CASE_CONTENT_READ)
    assert [e.actor for e in events] == [personas.coordinator, personas.coordinator]


@pytest.mark.django_db
def test_a_locked_key_shows_the_clear_record_only_and_reads_nothing(personas, complaint, client_for):
    response = client_for(personas.coordinator).get(f"/cases/{complaint.public_id}/")

    assert response.status_code == 200
    page = text(response)
    assert LOCKED_NOTICE in page
    assert complaint.reference in page
    for sealed in ("Zebra-Narrative-1", "Reporter-Heron", "Survivor-Ibis", "Coordinator-Reply", "heron.jpg"):
        assert sealed not in page
    assert not events_on(complaint, Action.CASE_CONTENT_READ)
