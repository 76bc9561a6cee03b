"""Sealed columns of the tracker export (reporter, narrative, every alleged perpetrator's name and description,
location detail): only when the coordinator asks and passes re-authentication with an unlocked key, audited as a
sealed export; descriptions kept on allegations (recorded before perpetrators had rows, or at triage) and on
the complaint itself (a perpetrator described with no organisation) are not lost."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Allegation, Perpetrator
from pseahub.tracker import export
from pseahub.vault import services as vault

from .records import full_record, private_key, sheet_rows, simple_complaint
from .test_tracker_export import SEALED_HEADERS
from .test_tracker_export_view import _code, _device, _wrong_code, signed_in

URL = "/cases/export/"
SECRETS = ("Kestrel", "Heron", "Ibis", "Quokka", "Pelican", "Marten")
PERPETRATORS = "ALPHA: Name Kestrel-1 — Driver with a scar\nBETA: Guard Heron-2\nBETA: Name Ibis-3"

pytestmark = pytest.mark.django_db


def _sealed_workbook(personas):
    return export.tracker_workbook(
        actor=personas.coordinator,
        filters=None,
        include_sealed=True,
        user_private=private_key(personas.coordinator, personas),
    )


def test_after_reauthentication_the_sealed_columns_hold_every_perpetrator(personas):
    record = full_record(personas)
    client = signed_in(personas.coordinator, personas.password)
    response = client.post(URL, {"token": _code(_device(personas.coordinator), steps_ahead=1), "include_sealed": "on"})
    assert response.status_code == 200
    headers, rows = sheet_rows(response.content)
    assert headers[-len(SEALED_HEADERS) :] == SEALED_HEADERS
    row = rows[0]
    assert row["Reference"] == record.complaint.reference
    assert row["Reporter name (sealed)"] == "Reporter Marten-8"
    assert row["Reporter contact (sealed)"] == "+223 70 11 22 33"
    assert row["Narrative (sealed)"] == "Narrative Quokka-4411"
    assert row["Alleged perpetrator(s) (sealed)"] == PERPETRATORS
    assert row["Location detail (sealed)"] == "Behind the warehouse, Site Pelican-7"
    event = AuditEvent.objects.get(action=Action.TRACKER_EXPORTED)
    assert event.data["sealed"] is True
    assert event.data["complaints"] == [str(record.complaint.public_id)]
    assert not any(secret in repr(event.data) for secret in SECRETS)


def test_a_wrong_code_gives_no_sealed_column(personas):
    full_record(personas)
    client = signed_in(personas.coordinator, personas.password)
    response = client.post(URL, {"token": _wrong_code(_device(personas.coordinator)), "include_sealed": "on"})
    assert "Content-Disposition" not in response
    assert not any(secret in response.content.decode() for secret in SECRETS)
    assert not AuditEvent.objects.filter(action=Action.TRACKER_EXPORTED).exists()


def test_without_asking_there_is_no_sealed_column_even_after_reauthentication(personas):
    full_record(personas)
    client = signed_in(personas.coordinator, personas.password)
    response = client.post(URL, {"token": _code(_device(personas.coordinator), steps_ahead=1)})
    headers, rows = sheet_rows(response.content)
    assert not set(SEALED_HEADERS) & set(headers)
    assert not any(secret in repr(rows) for secret in SECRETS)
    assert AuditEvent.objects.get(action=Action.TRACKER_EXPORTED).data["sealed"] is False


def test_a_description_kept_on_the_allegation_is_exported(personas):
    # As migrated: the perpetrator row has no sealed value, the allegation keeps the description.
    complaint = simple_complaint(personas, perpetrator_description="Old description Gecko-5")
    Perpetrator.objects.filter(complaint=complaint).update(sealed=None)
    allegation = complaint.allegations.get()
    allegation.sealed = vault.seal_data(
        complaint.keyring, {"perpetrator_description": "Old description Gecko-5"}, bound_to=(allegation, "sealed")
    )
    allegation.save()
    _headers, rows = sheet_rows(_sealed_workbook(personas))
    assert rows[0]["Alleged perpetrator(s) (sealed)"] == "Old description Gecko-5"


def test_a_description_with_no_organisation_or_allegation_is_taken_from_the_complaint(personas):
    # Before perpetrators had rows, a description with no organisation or role made no allegation: the
    # complaint's own sealed value is where it was kept.
    complaint = simple_complaint(personas, reported_organisation=None, perpetrator_description="Lone Tapir-6")
    Allegation.objects.filter(complaint=complaint).delete()
    Perpetrator.objects.filter(complaint=complaint).delete()
    _headers, rows = sheet_rows(_sealed_workbook(personas))
    assert rows[0]["Alleged perpetrator(s) (sealed)"] == "Lone Tapir-6"


def test_a_perpetrator_description_moved_from_another_complaint_is_refused(personas):
    one = simple_complaint(personas, perpetrator_description="Perp-One")
    two = simple_complaint(personas, perpetrator_description="Perp-Two")
    Perpetrator.objects.filter(complaint=one).update(sealed=bytes(Perpetrator.objects.get(complaint=two).sealed))
    _headers, rows = sheet_rows(_sealed_workbook(personas))
    by_reference = {row["Reference"]: row for row in rows}
    assert by_reference[one.reference]["Alleged perpetrator(s) (sealed)"] == "(failed its integrity check)"
    assert by_reference[two.reference]["Alleged perpetrator(s) (sealed)"] == "Perp-Two"
