"""Uploading: what is kept (sealed, never in clear), and the errors a person sees beside the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.imports import services
from pseahub.imports.models import ImportRun
from pseahub.vault.models import SealedFile

from .helpers import upload, uploaded_run
from .messy import NARRATIVE_A, messy_tracker

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(personas, areas, unlocked_client_for):
    return unlocked_client_for(personas.coordinator)


def test_the_upload_is_sealed_and_kept_seven_days(personas, coordinator_client):
    run = uploaded_run(coordinator_client)
    sealed = SealedFile.objects.get(pk=run.upload_id)
    assert NARRATIVE_A.encode() not in bytes(sealed.ciphertext)
    assert b"Okapi" not in bytes(sealed.ciphertext)
    assert run.keyring.grants.filter(user=personas.coordinator).exists()
    assert dt.timedelta(days=6) < run.expires_at - timezone.now() <= dt.timedelta(days=7)
    entry = AuditEvent.objects.get(action=Action.TRACKER_IMPORT_UPLOADED)
    assert entry.data == {"rows": 7} and entry.actor_id == personas.coordinator.pk


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"PK\x03\x04garbage", "suivi.xlsx", "This file could not be read as a spreadsheet."),
        (b"%PDF-1.4", "suivi.pdf", "Upload an Excel workbook"),
    ],
)
def test_unreadable_files_are_refused_beside_the_field(coordinator_client, content, name, message):
    response = upload(coordinator_client, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ImportRun.objects.count() == 0 and SealedFile.objects.count() == 0


def test_a_file_too_large_is_refused(coordinator_client, monkeypatch):
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 3 * 1024 * 1024)
    response = upload(coordinator_client, b"x" * (3 * 1024 * 1024 + 1), "big.csv")
    assert "This file is larger than 3 MB" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_a_file_over_the_site_upload_cap_is_dropped_while_streaming(coordinator_client, settings):
    settings.INTAKE_MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024
    response = upload(coordinator_client, b"x" * (2 * 1024 * 1024 + 1), "big.csv")
    assert response.status_code == 200
    assert "This file is larger than 2 MB" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_a_locked_key_cannot_upload(personas, areas, client_for):
    response = client_for(personas.coordinator).post(
        "/cases/import/", {"file": SimpleUploadedFile("suivi.xlsx", messy_tracker())}
    )
    assert response.status_code == 200
    assert "Your key is locked" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_discard_destroys_the_file(coordinator_client):
    run = uploaded_run(coordinator_client)
    response = coordinator_client.post(f"/cases/import/{run.public_id}/discard/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == "discarded" and run.upload_id is None and run.purged_at is not None
    assert not SealedFile.objects.exists()
    assert AuditEvent.objects.filter(action=Action.TRACKER_IMPORT_DISCARDED).count() == 1
