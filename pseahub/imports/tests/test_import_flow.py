"""The whole path with the messy tracker: upload, suggested mapping, dry run report, import (all or nothing,
or valid rows only), what the imported complaints hold, and a second import of the same file."""

from __future__ import annotations

import datetime as dt

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.audit.services import chain_verify
from pseahub.cases.models import Channel, Classification, Complaint, Consent, Status
from pseahub.cases.tests.helpers import opened
from pseahub.imports.models import ImportState
from pseahub.network.models import NetworkSettings
from pseahub.vault.models import SealedFile

from .helpers import post_run, uploaded_run
from .messy import ERRORS, NARRATIVE_A, VALID

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(personas, areas, unlocked_client_for):
    return unlocked_client_for(personas.coordinator)


def test_upload_finds_the_two_row_header_and_suggests_every_field(coordinator_client):
    run = uploaded_run(coordinator_client)
    assert run.columns[:3] == ["N° de référence", "Dates Réception", "Dates Incident"]
    assert run.mapping["0"] == "original_reference"
    assert run.mapping["1"] == "received_at"
    assert run.mapping["2"] == "incident_date"
    assert run.mapping["11"] == "narrative"
    assert run.total_rows == len(VALID | ERRORS)
    page = coordinator_client.get(f"/cases/import/{run.public_id}/").content.decode()
    assert "Dates Réception" in page


def test_dry_run_reports_each_bad_row_and_imports_nothing(coordinator_client, django_capture_on_commit_callbacks):
    run = uploaded_run(coordinator_client)
    post_run(coordinator_client, run, "check", django_capture_on_commit_callbacks)
    assert run.state == ImportState.CHECKED
    assert (run.valid_rows, run.error_rows, run.duplicate_rows) == (len(VALID), len(ERRORS), 0)
    assert Complaint.objects.count() == 0
    page = coordinator_client.get(f"/cases/import/{run.public_id}/").content.decode()
    assert "31/13/2025" in page and "Not a date of the calendar." in page
    assert "15/01/2031" in page and "This date is in the future." in page
    assert "Harcèlement de rue" in page and "Pigeon voyageur" in page
    assert "This reference is also on row 5 of the file." in page
    assert "Atlantide" in page
    assert 'id="past-retention"' not in page  # closed in January 2026: well within the retention period


def test_closed_long_ago_is_announced_before_the_import(coordinator_client, django_capture_on_commit_callbacks):
    NetworkSettings.objects.update_or_create(pk=1, defaults={"retention_days": 30})
    run = uploaded_run(coordinator_client)
    post_run(coordinator_client, run, "check", django_capture_on_commit_callbacks)
    page = coordinator_client.get(f"/cases/import/{run.public_id}/").content.decode()
    assert "1 closed complaint was closed longer ago than the network keeps sealed content" in page


def test_all_or_nothing_refuses_a_file_with_errors(coordinator_client, django_capture_on_commit_callbacks):
    run = uploaded_run(coordinator_client)
    post_run(coordinator_client, run, "check", django_capture_on_commit_callbacks)
    post_run(coordinator_client, run, "run", django_capture_on_commit_callbacks)
    assert run.state == ImportState.CHECKED
    assert Complaint.objects.count() == 0


def test_valid_only_imports_the_valid_rows_sealed_with_no_receipt(
    personas, coordinator_client, django_capture_on_commit_callbacks, mailoutbox
):
    run = uploaded_run(coordinator_client)
    post_run(coordinator_client, run, "check", django_capture_on_commit_callbacks)
    post_run(coordinator_client, run, "run", django_capture_on_commit_callbacks, valid_only="on")
    assert run.state == ImportState.DONE
    assert run.imported_rows == len(VALID)
    imported = {c.original_reference: c for c in Complaint.objects.all()}
    assert set(imported) == {"MLI-TRK-001", "MLI-TRK-002", "MLI-TRK-003"}
    first = imported["MLI-TRK-001"]
    assert first.is_imported and first.receipt_lookup.startswith("none-")
    assert first.channel == Channel.HOTLINE
    assert first.area.pcode == "ML04"
    assert first.reported_organisation == personas.org_a
    assert first.received_at.date() == dt.date(2025, 3, 14)
    assert first.incident_date == dt.date(2025, 2, 12)
    assert first.status == Status.CLOSED and first.closed_at.date() == dt.date(2026, 1, 3)
    assert first.retention_until is not None
    assert first.classification == Classification.SEA
    assert first.involves_child
    allegation = first.allegations.get()
    assert allegation.sea_type.code == "rape"
    survivor = first.survivors.get()
    assert survivor.sex == "female" and survivor.age_group.code == "12-17" and survivor.is_child
    assert Consent.objects.filter(complaint=first, decision="given").count() == 1
    second = imported["MLI-TRK-002"]
    assert second.received_at.date() == dt.date(2025, 2, 12)  # Excel serial 45700
    assert second.status == Status.IN_PROGRESS
    assert imported["MLI-TRK-003"].incident_date == dt.date(2025, 12, 12)
    # The narrative is sealed: in no clear column, and it opens for the coordinator.
    assert not Complaint.objects.filter(original_reference__contains="Okapi").exists()
    assert NARRATIVE_A.encode() not in bytes(first.sealed)
    assert opened(personas.coordinator, first, first)["narrative"] == NARRATIVE_A
    # No notice to the coordinators, and the upload is destroyed once imported.
    assert mailoutbox == []
    assert run.upload_id is None and run.worker_key is None
    assert not SealedFile.objects.filter(keyring=run.keyring).exists()
    # Audited: one entry for the run, one per complaint.
    assert AuditEvent.objects.filter(action=Action.TRACKER_IMPORTED, target_id=str(run.public_id)).count() == 1
    assert AuditEvent.objects.filter(action=Action.COMPLAINT_CREATED).count() == len(VALID)
    assert chain_verify() is None  # the complaints' entries, inserted together, keep the chain whole
    assert allegation.survivors.get() == survivor
    assert allegation.perpetrators.get().organisation == personas.org_a
    entry = AuditEvent.objects.get(action=Action.TRACKER_IMPORTED)
    assert entry.actor_id == personas.coordinator.pk
    assert entry.data == {"imported": 3, "rejected": 4, "already_imported": 0}


def test_the_same_file_again_skips_the_rows_already_imported(coordinator_client, django_capture_on_commit_callbacks):
    for _attempt in range(2):
        run = uploaded_run(coordinator_client)
        post_run(coordinator_client, run, "check", django_capture_on_commit_callbacks)
        post_run(coordinator_client, run, "run", django_capture_on_commit_callbacks, valid_only="on")
    assert Complaint.objects.count() == len(VALID)
    assert (run.duplicate_rows, run.imported_rows) == (len(VALID), 0)
    page = coordinator_client.get(f"/cases/import/{run.public_id}/").content.decode()
    assert "Already imported" in page and "MLI-TRK-002" in page
