"""The tracker workbook's columns, in the order of a PSEA incident tracker, filled from a complaint with several
survivors and several alleged perpetrators (still one row per complaint), and with no N+1 over them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pseahub.accounts.models import User
from pseahub.cases.models import Allegation, Complaint
from pseahub.tracker import export

from .records import full_record, sheet_rows, simple_complaint
from .test_tracker_export import CLEAR_HEADERS

pytestmark = pytest.mark.django_db


def _workbook(personas, **kwargs):
    return export.tracker_workbook(
        actor=personas.coordinator, filters=None, include_sealed=False, user_private=None, **kwargs
    )


def test_the_columns_follow_the_incident_tracker_order(personas):
    full_record(personas)
    headers, _rows = sheet_rows(_workbook(personas))
    assert headers == CLEAR_HEADERS
    # The order a network's tracker keeps: identity and dates, where, who, what, whom, consent, follow-up, help.
    order = [
        "Reference",
        "Date received",
        "Date of incident",
        "Date referred",
        "Date acknowledged",
        "Date closed",
        "Channel",
        "Area",
        "Concerned organisation(s)",
        "Entity type(s)",
        "Personnel category(ies)",
        "Classification",
        "SEA type(s)",
        "Survivors: women",
        "Number of alleged perpetrators",
        "Child involved",
        "Consent: services",
        "Referrals (state)",
        "Investigating entity",
        "Outcome(s)",
        "Action taken",
        "Survivor informed (dates)",
        "Days to acknowledge",
        "Days to close",
        "Assistance: medical",
        "Duplicate of",
    ]
    assert [headers.index(name) for name in order] == sorted(headers.index(name) for name in order)


def test_a_multi_survivor_multi_perpetrator_complaint_is_one_full_row(personas):
    record = full_record(personas)
    complaint = record.complaint
    _headers, rows = sheet_rows(_workbook(personas))
    assert len(rows) == 1
    row = rows[0]
    assert row["Reference"] == complaint.reference
    assert row["Original reference"] is None
    assert row["Date received"].date() == dt.date(2026, 3, 2)
    assert row["Date first reported"].date() == dt.date(2026, 2, 28)
    assert row["Date of incident"].date() == dt.date(2026, 2, 20)
    assert row["Date referred"].date() == record.referral.sent_at.date()
    assert row["Channel"] == "Hotline"
    assert (row["Region (admin 1)"], row["Area"], row["Area p-code"]) == ("Mopti", "Bandiagara", "ML0501")
    assert row["Concerned organisation(s)"] == "ALPHA; BETA"
    assert row["Entity type(s)"] == "UN agency, fund or programme; Implementing partner"
    assert row["Personnel category(ies)"] == "UN civilian (national); Implementing-partner personnel"
    assert row["Classification"] == "Not yet classified"
    assert row["SEA type(s)"] == "Transactional sex"
    counts = [row[f"Survivors: {kind}"] for kind in ("women", "girls", "men", "boys", "unknown")]
    assert counts == [1, 1, 0, 1, 0]
    assert row["Number of alleged perpetrators"] == 3
    assert (row["Child involved"], row["Urgent"]) == ("Yes", "Yes")
    assert (row["Consent: services"], row["Consent: statistics"], row["Consent: investigation"]) == (
        "Given",
        "Given",
        None,
    )
    assert row["Referrals (state)"] == "ALPHA: Sent; ALPHA (assistance): Sent"
    assert row["Investigating entity"] == "The organisation's own investigation unit"
    assert row["Outcome(s)"] == "Substantiated"
    assert row["Action taken"] == "Dismissal"
    assert row["Survivor informed (dates)"] == "2026-03-12; 2026-04-02"
    delivered = [row[f"Assistance: {kind}"] for kind in ("medical", "psychosocial", "legal", "material")]
    assert delivered == [2, 1, 0, 0]
    assert row["Days to close"] is None
    assert row["Duplicate of"] is None
    # Nothing sealed in a clear export.
    assert not any(
        secret in repr(row) for secret in ("Kestrel", "Heron", "Ibis", "Quokka", "Pelican", "Marten", "Wren")
    )


def test_an_unknown_incident_date_an_import_and_a_duplicate_are_written_as_such(personas):
    original = simple_complaint(personas)
    imported = simple_complaint(
        personas, incident_date_unknown=True, original_reference="OLD-TRK-0042", is_imported=True
    )
    Complaint.objects.filter(pk=imported.pk).update(duplicate_of=original)
    _headers, rows = sheet_rows(_workbook(personas))
    row = next(r for r in rows if r["Reference"] == imported.reference)
    assert row["Date of incident"] == "Unknown"
    assert row["Original reference"] == "OLD-TRK-0042"
    assert row["Duplicate of"] == original.reference


def test_an_allegation_added_at_triage_without_perpetrator_rows_still_counts_one(personas):
    complaint = simple_complaint(personas)  # one perpetrator row for ALPHA
    Allegation.objects.create(complaint=complaint, organisation=personas.org_b)
    _headers, rows = sheet_rows(_workbook(personas))
    assert rows[0]["Number of alleged perpetrators"] == 2
    assert rows[0]["Concerned organisation(s)"] == "ALPHA; BETA"


def _queries(personas) -> int:
    actor = User.objects.get(pk=personas.coordinator.pk)
    with CaptureQueriesContext(connection) as captured:
        export.tracker_workbook(actor=actor, filters=None, include_sealed=False, user_private=None)
    return len(captured)


def test_full_records_add_no_query_per_row(personas):
    full_record(personas)
    few = _queries(personas)
    for _n in range(3):
        full_record(personas)
    many = _queries(personas)
    _headers, rows = sheet_rows(_workbook(personas))
    assert len(rows) == 4
    assert many == few
