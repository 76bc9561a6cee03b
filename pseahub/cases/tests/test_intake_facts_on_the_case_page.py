"""The intake facts on the case page: when and by whom the complaint was first received (the person sealed),
the incident date or "unknown" and time of day, whether it was reported before and to whom, goods exchanged,
immediate needs and urgency; the coordinator corrects them, never with a first report in the future."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pseahub.audit.models import Action
from pseahub.cases.models import Complaint, YesNoUnknown
from pseahub.cases.services import complaint_close

from .helpers import events_on, file_complaint, opened, text


@pytest.fixture
def complaint(personas):
    return file_complaint(
        narrative="Intake-Facts-Narrative",
        incident_date_unknown=True,
        received_by_organisation=personas.org_a,
        received_by_person="Receiving-Officer-Heron",
        needs_shelter=True,
    )


@pytest.fixture
def coordinator(personas, unlocked_client_for):
    return unlocked_client_for(personas.coordinator)


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _data(complaint, **changes):
    return {
        "first_reported_at": _local(complaint.received_at - dt.timedelta(days=3)),
        "received_by_organisation": "",
        "received_by_person": "Receiving-Officer-Heron",
        "incident_date_unknown": "on",
        "reported_before": "unknown",
        "goods_exchanged": "unknown",
        **changes,
    }


def _section(page: str) -> str:
    return page[page.index('id="intake"') : page.index('id="reported"')]


@pytest.mark.django_db
def test_the_facts_told_at_intake_are_shown(personas, complaint, coordinator):
    section = _section(text(coordinator.get(f"/cases/{complaint.public_id}/")))

    assert "Alpha Relief" in section and "Receiving-Officer-Heron" in section
    assert "Incident date</dt><dd>Unknown" in section
    assert "Shelter" in section
    assert "Correct the intake facts" in section


@pytest.mark.django_db
def test_the_coordinator_corrects_them(personas, complaint, coordinator):
    response = coordinator.post(
        f"/cases/{complaint.public_id}/intake/",
        _data(
            complaint,
            received_by_organisation=str(personas.org_b.public_id),
            received_by_person="Other-Officer-Crane",
            incident_date_unknown="",
            incident_date="2026-01-15",
            incident_time_of_day="evening_night",
            reported_before="yes",
            reported_before_to="community_leader",
            goods_exchanged="yes",
            needs_medical="on",
        ),
        follow=True,
    )

    assert "Intake facts saved." in text(response)
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.first_reported_at == complaint.received_at.replace(second=0, microsecond=0) - dt.timedelta(days=3)
    assert complaint.received_by_organisation == personas.org_b
    assert (complaint.incident_date, complaint.incident_date_unknown) == (dt.date(2026, 1, 15), False)
    assert (complaint.reported_before, complaint.reported_before_to) == (YesNoUnknown.YES, "community_leader")
    assert (complaint.needs_medical, complaint.needs_shelter, complaint.is_urgent) == (True, False, True)
    assert opened(personas.coordinator, complaint, complaint)["received_by_person"] == "Other-Officer-Crane"
    [event] = events_on(complaint, Action.INTAKE_FACTS_UPDATED)
    assert "received_by_person" in event.data["fields"] and "Crane" not in str(event.data)


@pytest.mark.django_db
def test_a_first_report_in_the_future_is_refused_beside_the_field(personas, complaint, coordinator):
    before = Complaint.objects.get(pk=complaint.pk).first_reported_at

    response = coordinator.post(
        f"/cases/{complaint.public_id}/intake/",
        _data(complaint, first_reported_at=_local(timezone.now() + dt.timedelta(days=2))),
    )

    page = text(response)
    assert response.status_code == 200
    assert 'id="intake-first_reported_at_error"' in page
    assert "The date first reported cannot be in the future." in page
    assert Complaint.objects.get(pk=complaint.pk).first_reported_at == before
    assert not events_on(complaint, Action.INTAKE_FACTS_UPDATED)


@pytest.mark.django_db
def test_to_whom_needs_a_report_before(personas, complaint, coordinator):
    response = coordinator.post(
        f"/cases/{complaint.public_id}/intake/", _data(complaint, reported_before="no", reported_before_to="service")
    )

    assert 'id="intake-reported_before_to_error"' in text(response)
    assert Complaint.objects.get(pk=complaint.pk).reported_before_to == ""


@pytest.mark.django_db
def test_with_the_key_locked_the_sealed_person_is_left_alone(personas, complaint, client_for):
    response = client_for(personas.coordinator).post(
        f"/cases/{complaint.public_id}/intake/",
        _data(complaint, received_by_person="Overwrite", goods_exchanged="no"),
        follow=True,
    )

    assert "the person who received the complaint was not changed" in text(response)
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.goods_exchanged == YesNoUnknown.NO
    assert opened(personas.coordinator, complaint, complaint)["received_by_person"] == "Receiving-Officer-Heron"


@pytest.mark.django_db
def test_a_closed_complaint_keeps_its_facts(personas, complaint, coordinator):
    complaint_close(actor=personas.coordinator, complaint=complaint, reason="withdrawn")

    response = coordinator.post(
        f"/cases/{complaint.public_id}/intake/", _data(complaint, goods_exchanged="yes"), follow=True
    )

    page = text(response)
    assert "This complaint is closed." in page and "Correct the intake facts" not in page
    assert Complaint.objects.get(pk=complaint.pk).goods_exchanged == YesNoUnknown.UNKNOWN
