"""The tracker workbook (``export.tracker_workbook``) and its audited export (``export.tracker_export``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from pseahub.accounts.models import User
from pseahub.accounts.services import user_private_key_unlock
from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Allegation, Complaint, ConsentDecision, ConsentGiver, ConsentPurpose, Status, Term
from pseahub.cases.selectors import TrackerFilters
from pseahub.cases.services import ComplaintInput, ConsentInput, complaint_create
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.network.models import OrganisationType
from pseahub.network.tests.factories import AreaFactory
from pseahub.referrals.services import allegation_refer, assistance_refer, referral_acknowledge, referral_close
from pseahub.tracker import export
from pseahub.vault import services as vault
from pseahub.vault.crypto import seal
from pseahub.vault.models import KeyGrant

# The order of a PSEA incident tracker as networks keep it (issue 12, item 8).
CLEAR_HEADERS = [
    "Reference",
    "Original reference",
    "Date received",
    "Date first reported",
    "Date of incident",
    "Date referred",
    "Date acknowledged",
    "Date closed",
    "Status",
    "Channel",
    "Region (admin 1)",
    "Area",
    "Area p-code",
    "Concerned organisation(s)",
    "Entity type(s)",
    "Personnel category(ies)",
    "Classification",
    "SEA type(s)",
    "Survivors: women",
    "Survivors: girls",
    "Survivors: men",
    "Survivors: boys",
    "Survivors: unknown",
    "Number of alleged perpetrators",
    "Child involved",
    "Urgent",
    "Consent: services",
    "Consent: share identity",
    "Consent: investigation",
    "Consent: statistics",
    "Referrals (state)",
    "Investigating entity",
    "Outcome(s)",
    "Action taken",
    "Survivor informed (dates)",
    "Days to refer",
    "Days to acknowledge",
    "Days to close",
    "Assistance: medical",
    "Assistance: psychosocial",
    "Assistance: legal",
    "Assistance: material",
    "Assistance: safety",
    "Assistance: livelihoods",
    "Duplicate of",
]
SEALED_HEADERS = [
    "Reporter name (sealed)",
    "Reporter contact (sealed)",
    "Narrative (sealed)",
    "Alleged perpetrator(s) (sealed)",
    "Location detail (sealed)",
]
RECEIVED = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _complaint(personas, **overrides) -> Complaint:
    data = {
        "channel": "hotline",
        "narrative": "Narrative Quokka-4411",
        "location_detail": "Behind the warehouse, Site Pelican-7",
        "perpetrator_description": "Driver called Zorro-9",
        "reported_organisation": personas.org_a,
        "perpetrator_category": Term.objects.get(vocabulary="personnel_category", code="un_civilian_national"),
        "survivor_sex": "female",
        "survivor_age_group": Term.objects.get(vocabulary="age_group", code="12-17"),
        "received_at": RECEIVED,
        "consents": [
            ConsentInput(ConsentPurpose.SERVICES, ConsentDecision.GIVEN, ConsentGiver.SURVIVOR),
            ConsentInput(ConsentPurpose.SHARE_IDENTITY, ConsentDecision.REFUSED, ConsentGiver.SURVIVOR),
        ],
    }
    data.update(overrides)
    return complaint_create(actor=None, data=ComplaintInput(**data)).complaint


def _private(user, personas) -> bytes:
    private = user_private_key_unlock(user=user, password=personas.password)
    assert private is not None
    return private


def _sheet(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    rows = list(sheet.iter_rows())
    headers = [cell.value for cell in rows[0]]
    return headers, [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def _workbook(personas, *, include_sealed=False, user_private=None, filters=None) -> bytes:
    return export.tracker_workbook(
        actor=personas.coordinator, filters=filters, include_sealed=include_sealed, user_private=user_private
    )


@pytest.mark.django_db
def test_it_has_the_tracker_headers_and_one_row_per_visible_complaint(personas):
    first, second = _complaint(personas), _complaint(personas, channel="web")
    headers, rows = _sheet(_workbook(personas))
    assert headers == CLEAR_HEADERS
    assert sorted(row["Reference"].value for row in rows) == sorted([first.reference, second.reference])


@pytest.mark.django_db
def test_it_leaves_out_a_complaint_the_coordinator_holds_no_grant_on(personas):
    visible, hidden = _complaint(personas), _complaint(personas)
    vault.grant_revoke(keyring=hidden.keyring, user=personas.coordinator)
    _headers, rows = _sheet(
        _workbook(personas, include_sealed=True, user_private=_private(personas.coordinator, personas))
    )
    assert [row["Reference"].value for row in rows] == [visible.reference]


@pytest.mark.django_db
def test_it_is_empty_for_someone_without_the_coordinator_role(personas):
    _complaint(personas)
    content = export.tracker_workbook(
        actor=personas.focal_point_a, filters=None, include_sealed=False, user_private=None
    )
    headers, rows = _sheet(content)
    assert headers == CLEAR_HEADERS
    assert rows == []


@pytest.mark.django_db
def test_it_applies_the_tracker_filters(personas):
    hotline, web = _complaint(personas), _complaint(personas, channel="web")
    _headers, rows = _sheet(_workbook(personas, filters=TrackerFilters(channel="web")))
    assert [row["Reference"].value for row in rows] == [web.reference]
    assert hotline.reference not in {row["Reference"].value for row in rows}


@pytest.mark.django_db
def test_it_fills_the_clear_columns_with_real_dates_referrals_consents_and_delays(personas):
    personas.org_a.type = OrganisationType.UN_AGENCY
    personas.org_a.save()
    area = AreaFactory(pcode="ML0501", name="Bandiagara")
    complaint = _complaint(personas, area=area)
    allegation = complaint.allegations.get()
    allegation.sea_type = Term.objects.get(vocabulary="sea_type", code="transactional_sex")
    allegation.save()
    coordinator_private = _private(personas.coordinator, personas)
    with time_machine.travel(RECEIVED + dt.timedelta(hours=36), tick=False):
        referral = allegation_refer(
            actor=personas.coordinator,
            allegation=allegation,
            summary="Summary without names.",
            share_identity=False,
            actor_private=coordinator_private,
        )
    with time_machine.travel(RECEIVED + dt.timedelta(days=3, hours=12), tick=False):
        referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    with time_machine.travel(RECEIVED + dt.timedelta(days=20), tick=False):
        referral_close(
            actor=personas.focal_point_a,
            referral=referral,
            outcome=Term.objects.get(vocabulary="outcome", code="substantiated"),
        )

    _headers, rows = _sheet(_workbook(personas))
    row = rows[0]
    assert row["Reference"].value == complaint.reference
    for column, day in [("Date received", 2), ("Date referred", 3), ("Date acknowledged", 5)]:
        assert row[column].is_date, column
        assert row[column].value.date() == dt.date(2026, 3, day)
    assert row["Date closed"].value is None
    assert row["Channel"].value == "Hotline"
    assert (row["Area"].value, row["Area p-code"].value) == ("Bandiagara", "ML0501")
    assert row["Concerned organisation(s)"].value == "ALPHA"
    assert row["Entity type(s)"].value == "UN agency, fund or programme"
    assert row["SEA type(s)"].value == "Transactional sex"
    assert row["Personnel category(ies)"].value == "UN civilian (national)"
    assert [row[f"Survivors: {kind}"].value for kind in ("women", "girls", "men", "boys", "unknown")] == [0, 1, 0, 0, 0]
    assert row["Child involved"].value == "Yes"
    assert row["Consent: services"].value == "Given"
    assert row["Consent: share identity"].value == "Refused"
    assert row["Consent: investigation"].value is None
    assert row["Referrals (state)"].value == "ALPHA: Closed"
    assert row["Outcome(s)"].value == Term.objects.get(vocabulary="outcome", code="substantiated").label
    assert row["Days to refer"].value == 1.5
    assert row["Days to acknowledge"].value == 2.0


@pytest.mark.django_db
def test_it_names_each_referral_with_its_state_and_marks_assistance(personas):
    area = AreaFactory()
    complaint = _complaint(personas, area=area)
    coordinator_private = _private(personas.coordinator, personas)
    allegation_refer(
        actor=personas.coordinator,
        allegation=complaint.allegations.get(),
        summary="Summary without names.",
        share_identity=False,
        actor_private=coordinator_private,
    )
    # personas.provider is the service-provider staff of org A.
    assistance_refer(
        actor=personas.coordinator,
        complaint=complaint,
        service=ServiceFactory(provider=personas.org_a, areas=[area]),
        summary="Health care needed.",
        actor_private=coordinator_private,
    )
    _headers, rows = _sheet(_workbook(personas))
    assert rows[0]["Referrals (state)"].value == "ALPHA: Sent; ALPHA (assistance): Sent"
    assert rows[0]["Status"].value == str(Status.REFERRED.label)


@pytest.mark.django_db
def test_it_writes_headers_and_values_in_the_active_language(personas):
    _complaint(personas)
    with translation.override("fr"):
        _headers, rows = _sheet(_workbook(personas))
    assert rows[0][_headers[CLEAR_HEADERS.index("Child involved")]].value == "Oui"


@pytest.mark.django_db
def test_sealed_columns_are_absent_unless_requested(personas):
    _complaint(personas)
    headers, rows = _sheet(_workbook(personas, user_private=_private(personas.coordinator, personas)))
    assert headers == CLEAR_HEADERS
    assert "Quokka-4411" not in repr([cell.value for row in rows for cell in row.values()])


@pytest.mark.django_db
def test_sealed_columns_are_absent_when_the_key_is_locked(personas):
    _complaint(personas)
    headers, _rows = _sheet(_workbook(personas, include_sealed=True, user_private=None))
    assert headers == CLEAR_HEADERS


@pytest.mark.django_db
def test_sealed_columns_are_absent_with_someone_elses_key(personas):
    _complaint(personas)
    headers, _rows = _sheet(
        _workbook(personas, include_sealed=True, user_private=_private(personas.focal_point_a, personas))
    )
    assert headers == CLEAR_HEADERS


@pytest.mark.django_db
def test_sealed_columns_hold_the_opened_content_with_the_coordinators_key(personas):
    complaint = _complaint(personas)
    headers, rows = _sheet(
        _workbook(personas, include_sealed=True, user_private=_private(personas.coordinator, personas))
    )
    assert headers == CLEAR_HEADERS + SEALED_HEADERS
    row = rows[0]
    assert row["Reference"].value == complaint.reference
    assert row["Narrative (sealed)"].value == "Narrative Quokka-4411"
    assert row["Alleged perpetrator(s) (sealed)"].value == "Driver called Zorro-9"
    assert row["Location detail (sealed)"].value == "Behind the warehouse, Site Pelican-7"


@pytest.mark.django_db
def test_a_reporters_text_is_never_written_as_a_formula(personas):
    _complaint(personas, narrative='=HYPERLINK("http://evil.example","click")\x0b')
    _headers, rows = _sheet(
        _workbook(personas, include_sealed=True, user_private=_private(personas.coordinator, personas))
    )
    cell = rows[0]["Narrative (sealed)"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example","click")'


def _count_queries(personas, **kwargs) -> int:
    actor = User.objects.get(pk=personas.coordinator.pk)  # a fresh instance: its roles are not cached yet
    with CaptureQueriesContext(connection) as queries:
        export.tracker_workbook(actor=actor, filters=None, **kwargs)
    return len(queries)


def _add_rows(personas, count: int) -> None:
    coordinator_private = _private(personas.coordinator, personas)
    for _n in range(count):
        complaint = _complaint(personas)
        allegation_refer(
            actor=personas.coordinator,
            allegation=complaint.allegations.get(),
            summary="Summary without names.",
            share_identity=False,
            actor_private=coordinator_private,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("sealed", [False, True], ids=["clear", "sealed"])
def test_the_number_of_queries_does_not_grow_with_the_rows(personas, sealed):
    kwargs = {"include_sealed": sealed, "user_private": _private(personas.coordinator, personas)}
    _add_rows(personas, 1)
    few = _count_queries(personas, **kwargs)
    _add_rows(personas, 6)
    many = _count_queries(personas, **kwargs)
    _headers, rows = _sheet(_workbook(personas, **kwargs))
    assert len(rows) == 7
    assert many == few


@pytest.mark.django_db
def test_each_export_is_audited_with_the_filter_names_only(personas):
    _complaint(personas)
    _complaint(personas, channel="web")
    export.tracker_export(
        actor=personas.coordinator,
        filters=TrackerFilters(channel="web", received_from=dt.date(2026, 3, 1)),
        include_sealed=False,
        user_private=None,
    )
    export.tracker_export(
        actor=personas.coordinator,
        filters=None,
        include_sealed=True,
        user_private=_private(personas.coordinator, personas),
    )
    events = list(AuditEvent.objects.filter(action=Action.TRACKER_EXPORTED).order_by("seq"))
    assert [event.actor_id for event in events] == [personas.coordinator.pk] * 2
    assert events[0].data == {
        "rows": 1,
        "sealed": False,
        "sealed_requested": False,
        "filters": ["channel", "received_from"],
        "format": "xlsx",
    }
    assert "2026-03-01" not in repr(events[0].data) and "web" not in repr(events[0].data)
    assert events[1].data["rows"] == 2
    assert events[1].data["sealed"] is True
    assert events[1].data["filters"] == []


@pytest.mark.django_db
def test_the_file_converts_headless_with_libreoffice(personas, tmp_path: Path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (no `libreoffice` or `soffice` on PATH): conversion not checked")
    complaint = _complaint(personas)
    source = tmp_path / "tracker.xlsx"
    source.write_bytes(_workbook(personas))
    profile = tmp_path / "profile"
    result = subprocess.run(  # noqa: S603 - fixed arguments, a path found on PATH
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    converted = tmp_path / "out" / "tracker.csv"
    assert converted.exists(), result.stdout.decode(errors="replace")
    rows = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8", errors="replace"))))
    assert rows[0][0] == "Reference"
    assert rows[1][0] == complaint.reference
    assert rows[1][CLEAR_HEADERS.index("Date received")] == "2026-03-02"


@pytest.mark.django_db
def test_a_complaint_whose_grant_does_not_open_shows_no_sealed_content(personas):
    # As after a password reset: the grant is wrapped for a key the coordinator no longer holds.
    opened, waiting = _complaint(personas), _complaint(personas, narrative="Other narrative Wombat-2")
    grant = KeyGrant.objects.get(keyring=waiting.keyring, user=personas.coordinator)
    grant.wrapped_private_key = seal(bytes(personas.focal_point_a.public_key), b"not the keyring key")
    grant.save()
    headers, rows = _sheet(
        _workbook(personas, include_sealed=True, user_private=_private(personas.coordinator, personas))
    )
    assert headers == CLEAR_HEADERS + SEALED_HEADERS
    by_reference = {row["Reference"].value: row for row in rows}
    assert by_reference[opened.reference]["Narrative (sealed)"].value == "Narrative Quokka-4411"
    waiting_cells = [by_reference[waiting.reference][h].value for h in SEALED_HEADERS]
    assert waiting_cells == ["(not available to you)"] * len(SEALED_HEADERS)


@pytest.mark.django_db
def test_a_complaint_with_several_allegations_is_one_row_with_every_organisation(personas):
    complaint = _complaint(personas)
    allegation = Allegation(
        complaint=complaint,
        organisation=personas.org_b,
        personnel_category=Term.objects.get(vocabulary="personnel_category", code="un_volunteer"),
    )
    allegation.sealed = vault.seal_data(
        complaint.keyring, {"perpetrator_description": "Guard Emu-5"}, bound_to=(allegation, "sealed")
    )
    allegation.save()
    _complaint(personas, reported_organisation=personas.org_b)
    _headers, rows = _sheet(
        _workbook(
            personas,
            filters=TrackerFilters(organisation=personas.org_a),
            include_sealed=True,
            user_private=_private(personas.coordinator, personas),
        )
    )
    assert [row["Reference"].value for row in rows] == [complaint.reference]
    assert rows[0]["Concerned organisation(s)"].value == "ALPHA; BETA"
    assert rows[0]["Alleged perpetrator(s) (sealed)"].value == "ALPHA: Driver called Zorro-9\nBETA: Guard Emu-5"
