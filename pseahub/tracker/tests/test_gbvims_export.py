"""The GBVIMS Incident Recorder-style export (``gbvims.gbvims_workbook`` / ``gbvims_export``): one row per
survivor incident, only for complaints whose current statistics consent is given, and nothing sealed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pseahub.accounts.models import User
from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import ConsentDecision, ConsentGiver, ConsentPurpose
from pseahub.cases.selectors import TrackerFilters
from pseahub.cases.services import ConsentInput, consent_record
from pseahub.mapping.models import ServiceType as DirectoryType
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.services import assistance_refer
from pseahub.tracker import gbvims

from .records import RECEIVED, full_record, private_key, sheet_rows, simple_complaint, statistics

HEADERS = [
    "Incident ID",
    "Survivor code",
    "Date of interview",
    "Date of incident",
    "Sex",
    "Age group",
    "Displacement status at time of report",
    "Disability",
    "Time of day",
    "Region (admin 1)",
    "Area",
    "GBV type",
    "Goods, money or services exchanged",
    "Reported before",
    "Number of alleged primary perpetrators",
    "Alleged perpetrator sex",
    "Alleged perpetrator occupation",
    "Medical referral",
    "Psychosocial referral",
    "Legal referral",
    "Material referral",
    "Safety referral",
    "Livelihoods referral",
    "Consent to share for statistics",
    "Agency code",
]
SECRETS = ("Kestrel", "Heron", "Ibis", "Quokka", "Pelican", "Marten", "Wren", "scar")

pytestmark = pytest.mark.django_db


def _rows(personas, filters=None):
    built = gbvims.gbvims_workbook(actor=personas.coordinator, filters=filters)
    headers, rows = sheet_rows(built.content)
    assert built.rows == len(rows)
    return headers, rows


def test_one_row_per_survivor_incident_in_the_recorder_columns(personas):
    record = full_record(personas)
    assistance_refer(
        actor=personas.coordinator,
        complaint=record.complaint,
        service=ServiceFactory(provider=personas.org_a, areas=[record.district], type=DirectoryType.LEGAL),
        summary="Legal advice.",
        actor_private=private_key(personas.coordinator, personas),
        survivor=record.survivors[1],  # for the woman, not delivered yet
    )
    reference = record.complaint.reference
    headers, rows = _rows(personas)
    assert headers == HEADERS
    assert [row["Incident ID"] for row in rows] == [f"{reference}-1", f"{reference}-2", f"{reference}-3"]
    girl, woman, boy = rows
    assert girl["Date of interview"].date() == dt.date(2026, 2, 28)
    assert girl["Date of incident"].date() == dt.date(2026, 2, 20)
    assert (girl["Sex"], girl["Age group"], woman["Age group"]) == ("Female", "12\u201317 years", "26\u201340 years")
    assert (girl["Displacement status at time of report"], woman["Displacement status at time of report"]) == (
        "Internally displaced",
        None,
    )
    assert girl["Disability"] == "No"
    assert girl["Time of day"] == "Evening or night (sunset to sunrise)"
    assert (girl["Region (admin 1)"], girl["Area"]) == ("Mopti", "Bandiagara")
    assert (girl["GBV type"], boy["GBV type"]) == ("Rape", None)
    assert girl["Goods, money or services exchanged"] == "Yes"
    assert girl["Reported before"] == "No"
    # Every survivor is linked to every allegation at intake: the three perpetrators concern each of them.
    assert girl["Number of alleged primary perpetrators"] == 3
    assert girl["Alleged perpetrator sex"] == "Male; Female"
    occupations = "Staff member; Volunteer or incentive worker; Contractor or consultant"
    assert girl["Alleged perpetrator occupation"] == occupations
    # Medical care delivered to the girl; the health referral was for her only.
    assert (girl["Medical referral"], girl["Psychosocial referral"], girl["Legal referral"]) == (
        "Service provided",
        "Service provided",
        None,
    )
    assert (woman["Medical referral"], boy["Medical referral"]) == (None, None)
    assert (woman["Legal referral"], girl["Legal referral"], boy["Legal referral"]) == ("Referred", None, None)
    assert {row["Consent to share for statistics"] for row in rows} == {"Yes"}
    assert {row["Agency code"] for row in rows} == {"BETA"}


def test_the_survivor_code_names_no_one_and_is_stable(personas):
    record = full_record(personas)
    _headers, first = _rows(personas)
    _headers, again = _rows(personas)
    codes = [row["Survivor code"] for row in first]
    assert codes == [row["Survivor code"] for row in again]
    assert len(set(codes)) == 3
    assert all(code.startswith("S-") and len(code) == 12 for code in codes)
    assert not any(str(s.public_id)[:8].upper() in code for s in record.survivors for code in codes)


def test_nothing_sealed_is_in_the_file(personas):
    full_record(personas)
    _headers, rows = _rows(personas)
    assert not any(secret in repr(rows) for secret in SECRETS)


def test_a_complaint_without_statistics_consent_is_absent(personas):
    consented = simple_complaint(personas, consents=[statistics()])
    never_asked = simple_complaint(personas)
    refused = simple_complaint(personas, consents=[statistics(ConsentDecision.REFUSED)])
    withdrawn = simple_complaint(personas, consents=[statistics()])
    with time_machine.travel(RECEIVED + dt.timedelta(days=1), tick=False):
        consent_record(
            actor=personas.coordinator,
            complaint=withdrawn,
            purpose=ConsentPurpose.STATISTICS,
            decision=ConsentDecision.WITHDRAWN,
            given_by=ConsentGiver.SURVIVOR,
        )
    given_later = simple_complaint(personas, consents=[statistics(ConsentDecision.REFUSED)])
    with time_machine.travel(RECEIVED + dt.timedelta(days=1), tick=False):
        consent_record(
            actor=personas.coordinator,
            complaint=given_later,
            purpose=ConsentPurpose.STATISTICS,
            decision=ConsentDecision.GIVEN,
            given_by=ConsentGiver.SURVIVOR,
        )
    _headers, rows = _rows(personas)
    exported = {row["Incident ID"].rsplit("-", 1)[0] for row in rows}
    assert exported == {consented.reference, given_later.reference}
    assert not exported & {never_asked.reference, refused.reference, withdrawn.reference}


def test_other_consents_do_not_stand_in_for_statistics(personas):
    others = (ConsentPurpose.SERVICES, ConsentPurpose.INVESTIGATION, ConsentPurpose.SHARE_IDENTITY)
    simple_complaint(
        personas, consents=[ConsentInput(purpose, ConsentDecision.GIVEN, ConsentGiver.SURVIVOR) for purpose in others]
    )
    _headers, rows = _rows(personas)
    assert rows == []


def test_the_tracker_filters_apply(personas):
    hotline = simple_complaint(personas, consents=[statistics()])
    simple_complaint(personas, channel="web", consents=[statistics()])
    _headers, rows = _rows(personas, TrackerFilters(channel="hotline"))
    assert [row["Incident ID"] for row in rows] == [f"{hotline.reference}-1"]


def test_it_is_empty_for_someone_without_the_coordinator_role(personas):
    simple_complaint(personas, consents=[statistics()])
    built = gbvims.gbvims_workbook(actor=personas.focal_point_a, filters=None)
    assert sheet_rows(built.content)[1] == []


def test_the_export_is_audited_with_counts_and_filter_names_only(personas):
    full_record(personas)
    gbvims.gbvims_export(actor=personas.coordinator, filters=TrackerFilters(channel="hotline"))
    event = AuditEvent.objects.get(action=Action.TRACKER_EXPORTED)
    assert event.actor_id == personas.coordinator.pk
    assert event.data == {
        "rows": 3,
        "sealed": False,
        "sealed_requested": False,
        "filters": ["channel"],
        "format": "gbvims-xlsx",
    }


def _queries(personas) -> int:
    actor = User.objects.get(pk=personas.coordinator.pk)
    with CaptureQueriesContext(connection) as captured:
        gbvims.gbvims_workbook(actor=actor, filters=None)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_rows(personas):
    full_record(personas)
    few = _queries(personas)
    for _n in range(3):
        full_record(personas)
    assert _queries(personas) == few
    assert len(_rows(personas)[1]) == 12
