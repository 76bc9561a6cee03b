"""KoboToolbox REST-service and ODK JSON submissions: mapped onto a sealed complaint, once per instance."""

from __future__ import annotations

import base64
import json

import pytest

from pseahub.cases.models import Channel, Complaint
from pseahub.network.models import Area

from .hooks_helpers import SECRET, channel_make, kobo_post, sealed_of


@pytest.fixture
def kobo(monkeypatch, personas):
    return channel_make(monkeypatch, provider="kobo", slug="kobo-mali", type="field_form", languages=["fr"])


@pytest.fixture
def gao(db):
    mali = Area.objects.create(pcode="ML", name="Mali", admin_level=0)
    return Area.objects.create(pcode="ML07", name="Gao", admin_level=1, parent=mali)


def kobo_submission(personas, **overrides):
    """What KoboToolbox's REST service posts: flat keys, group prefixes, its own metadata."""
    data = {
        "_id": 1234,
        "_uuid": "7f0b1c2e-3c1e-4a55-9d7a-2f6f1b8a9c01",
        "formhub/uuid": "abc",
        "__version__": "vXYZ",
        "meta/instanceID": "uuid:7f0b1c2e-3c1e-4a55-9d7a-2f6f1b8a9c01",
        "_submission_time": "2026-01-15T10:00:00",
        "_submitted_by": "fieldworker1",
        "_attachments": [],
        "group_incident/narrative": "Un agent a demandé des relations sexuelles contre de la nourriture.",
        "group_incident/incident_date": "2026-01-10",
        "group_incident/area": "ML07",
        "group_incident/organisation": str(personas.org_a.public_id),
        "group_incident/perpetrator_category": "agency_staff",
        "group_survivor/survivor_sex": "female",
        "group_survivor/survivor_age_group": "12-17",
        "group_survivor/disability": "no",
        "complainant_type": "witness",
        "contact_method": "phone",
        "reporter_name": "Awa",
        "reporter_contact": "+22370000009",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_it_maps_a_kobo_submission_onto_a_sealed_complaint(client, personas, kobo, gao):
    response = kobo_post(client, kobo, kobo_submission(personas))

    assert response.status_code == 201
    assert response.json() == {"status": "received"}
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.FIELD_FORM
    assert complaint.language == "fr"
    assert complaint.area == gao
    assert complaint.reported_organisation == personas.org_a
    assert complaint.incident_date.isoformat() == "2026-01-10"
    assert complaint.involves_child  # 12-17 is a child's age group
    assert complaint.complainant_type == "witness" and complaint.contact_method == "phone"
    assert not complaint.is_quarantined
    survivor = complaint.survivors.get()
    assert survivor.sex == "female" and survivor.age_group.code == "12-17" and survivor.disability == "no"
    assert complaint.allegations.get().personnel_category.code == "agency_staff"
    sealed = sealed_of(personas.coordinator, complaint)
    assert sealed["narrative"].startswith("Un agent a demandé")
    assert (sealed["reporter_name"], sealed["reporter_contact"]) == ("Awa", "+22370000009")
    assert sealed["channel_detail"] == {"submitted_by": "fieldworker1"}
    # The field worker cannot hand a receipt back later: none is issued.
    assert complaint.receipt_lookup.startswith("none-")


@pytest.mark.django_db
def test_it_maps_an_odk_json_submission_with_nested_groups(client, personas, kobo, gao):
    submission = {
        "__id": "uuid:0d5c7b1e-aaaa-4bbb-8ccc-123456789abc",
        "group_incident": {"narrative": "A soldier asked for sex.", "area": "ML07"},
        "group_survivor": {"survivor_age_group": "18-25", "survivor_sex": "male"},
        "organisation": str(personas.org_b.public_id),
        "meta": {"instanceID": "uuid:0d5c7b1e-aaaa-4bbb-8ccc-123456789abc"},
    }

    response = kobo_post(client, kobo, submission)

    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.area == gao and complaint.reported_organisation == personas.org_b
    assert complaint.survivors.get().age_group.code == "18-25"
    assert not complaint.involves_child


@pytest.mark.django_db
def test_a_resent_submission_is_ignored(client, personas, kobo, gao):
    first = kobo_post(client, kobo, kobo_submission(personas))
    # Kobo's _uuid and ODK's instanceID name the same instance, with or without "uuid:".
    again = kobo_post(client, kobo, {"_uuid": "7f0b1c2e-3c1e-4a55-9d7a-2f6f1b8a9c01", "narrative": "again"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {"status": "duplicate"}
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_unknown_codes_are_ignored_and_noted_not_fatal(client, personas, kobo, gao):
    submission = kobo_submission(
        personas,
        **{
            "group_incident/area": "ML99",
            "group_incident/organisation": "not-a-uuid",
            "group_survivor/survivor_age_group": "teen",
            "group_survivor/survivor_sex": "f",
        },
    )

    response = kobo_post(client, kobo, submission)

    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.area is None and complaint.reported_organisation is None
    assert complaint.survivors.get().age_group is None
    assert complaint.is_quarantined
    note = sealed_of(personas.coordinator, complaint)["channel_detail"]["quarantine_note"]
    for name in ("area", "organisation", "survivor_age_group", "survivor_sex"):
        assert f"{name}: unknown code" in note


@pytest.mark.django_db
def test_dont_know_answers_are_not_noted(client, personas, kobo):
    submission = {"_uuid": "u-1", "narrative": "x", "area": "unknown", "organisation": "unknown"}

    kobo_post(client, kobo, submission)

    assert not Complaint.objects.get().is_quarantined


@pytest.mark.django_db
def test_it_accepts_basic_authentication_with_the_secret_as_password(client, personas, kobo):
    credentials = base64.b64encode(f"kobo:{SECRET}".encode()).decode()

    response = client.post(
        "/intake/hooks/kobo/kobo-mali",
        data=json.dumps({"_uuid": "u-1", "narrative": "x"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )

    assert response.status_code == 201


@pytest.mark.django_db
def test_a_submission_without_instance_id_is_refused(client, personas, kobo):
    response = kobo_post(client, kobo, {"narrative": "x"})

    assert response.status_code == 400
    assert response.content == b"missing instanceID"


@pytest.mark.django_db
def test_a_channel_may_issue_receipts_for_its_client(client, personas, monkeypatch):
    channel = channel_make(monkeypatch, provider="kobo", slug="odk-app", type="field_form", issue_receipt=True)

    response = kobo_post(client, channel, {"_uuid": "u-1", "narrative": "x"})

    assert response.status_code == 201
    assert len(response.json()["receipt"]) == 16
    assert not Complaint.objects.get().receipt_lookup.startswith("none-")
