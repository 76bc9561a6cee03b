"""Correcting an allegation from the case page (e.g. the one intake made from what the reporter said): the
coordinator sets the organisation, category and type of SEA and which survivors and alleged perpetrators it
concerns. The description of the person told at intake is kept on the perpetrator now (corrected with the
perpetrator's own form), no longer on the allegation. Outsiders get 404 and change nothing."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.audit.models import Action
from pseahub.cases.models import Allegation, Perpetrator, Status
from pseahub.cases.services import complaint_close

from .helpers import events_on, file_complaint, opened, text, user_with_role

OUTSIDERS = ["focal_point_a", "focal_point_b", "provider", "operator", "analyst", "admin", "no_role"]


@pytest.fixture
def complaint(personas):
    # Naming the organisation at intake makes a first allegation, without a type of SEA, and its perpetrator.
    return file_complaint(reported_organisation=personas.org_a, perpetrator_description="Intake-Description")


def _url(complaint) -> str:
    return f"/cases/{complaint.public_id}/allegations/{complaint.allegations.get().public_id}/"


def _data(personas, complaint, **changes):
    return {
        "organisation": str(personas.org_a.public_id),
        "personnel_category": "agency_staff",
        "sea_type": "transactional_sex",
        "survivors": [s.pk for s in complaint.survivors.all()],
        "perpetrators": [p.pk for p in complaint.perpetrators.all()],
        **changes,
    }


def _perpetrator_url(complaint) -> str:
    return f"/cases/{complaint.public_id}/perpetrators/{complaint.perpetrators.get().public_id}/"


def _perpetrator_data(personas, **changes):
    return {
        "organisation": str(personas.org_a.public_id),
        "role": "unknown",
        "sex": "unknown",
        "name": "",
        "description": "Intake-Description",
        **changes,
    }


@pytest.mark.django_db
def test_the_coordinator_sets_the_type_of_sea_from_the_page(personas, complaint, unlocked_client_for):
    coordinator = unlocked_client_for(personas.coordinator)
    page = text(coordinator.get(f"/cases/{complaint.public_id}/"))
    assert "Correct this allegation" in page and 'id="allegation-' in page

    response = coordinator.post(_url(complaint), _data(personas, complaint), follow=True)

    assert "Allegation corrected." in text(response)
    allegation = Allegation.objects.get(complaint=complaint)
    assert (allegation.organisation, allegation.personnel_category.code, allegation.sea_type.code) == (
        personas.org_a,
        "agency_staff",
        "transactional_sex",
    )
    [event] = events_on(complaint, Action.ALLEGATION_UPDATED)
    # The links, left as they were, are not listed as changed.
    assert event.data["fields"] == ["personnel_category", "sea_type"]


@pytest.mark.django_db
def test_the_description_told_at_intake_is_on_the_perpetrator_and_shown(personas, complaint, unlocked_client_for):
    page = text(unlocked_client_for(personas.coordinator).get(f"/cases/{complaint.public_id}/"))

    perpetrator = Perpetrator.objects.get(complaint=complaint)
    assert opened(personas.coordinator, complaint, perpetrator)["description"] == "Intake-Description"
    assert "Intake-Description" in page
    # No longer a field of the allegation's forms.
    assert 'name="perpetrator_description"' not in page


@pytest.mark.django_db
def test_a_new_description_is_sealed_on_the_perpetrator(personas, complaint, unlocked_client_for):
    coordinator = unlocked_client_for(personas.coordinator)

    response = coordinator.post(
        _perpetrator_url(complaint), _perpetrator_data(personas, description="Corrected-Description"), follow=True
    )

    assert "Alleged perpetrator saved." in text(response)
    perpetrator = Perpetrator.objects.get(complaint=complaint)
    assert opened(personas.coordinator, complaint, perpetrator) == {"name": "", "description": "Corrected-Description"}
    [event] = events_on(complaint, Action.PERPETRATOR_UPDATED)
    assert event.data["fields"] == ["sealed"] and "Corrected" not in str(event.data)


@pytest.mark.django_db
def test_with_the_key_locked_the_description_is_left_alone(personas, complaint, client_for):
    response = client_for(personas.coordinator).post(
        _perpetrator_url(complaint), _perpetrator_data(personas, description="Overwrite", sex="male"), follow=True
    )

    page = text(response)
    assert "the name and description of the person were not changed" in page
    assert "Alleged perpetrator saved." in page
    perpetrator = Perpetrator.objects.get(complaint=complaint)
    assert perpetrator.sex == "male"
    assert opened(personas.coordinator, complaint, perpetrator)["description"] == "Intake-Description"


@pytest.mark.django_db
def test_a_closed_complaint_is_not_corrected(personas, complaint, unlocked_client_for):
    complaint_close(actor=personas.coordinator, complaint=complaint, reason="withdrawn")
    coordinator = unlocked_client_for(personas.coordinator)

    response = coordinator.post(_url(complaint), _data(personas, complaint), follow=True)

    assert "This complaint is closed." in text(response)
    assert Allegation.objects.get(complaint=complaint).sea_type is None
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


@pytest.mark.django_db
@pytest.mark.parametrize("name", [*OUTSIDERS, "latecomer"])
def test_outsiders_get_404_and_change_nothing(personas, complaint, client_for, name):
    # The latecomer is a coordinator appointed after the complaint arrived: no grant on it.
    user = user_with_role("latecomer@example.org", Role.COORDINATOR) if name == "latecomer" else getattr(personas, name)

    response = client_for(user).post(_url(complaint), _data(personas, complaint))

    assert response.status_code == 404
    assert Allegation.objects.get(complaint=complaint).sea_type is None
    assert not events_on(complaint, Action.ALLEGATION_UPDATED)


@pytest.mark.django_db
def test_an_allegation_of_another_complaint_is_404(personas, complaint, unlocked_client_for):
    other = file_complaint(reported_organisation=personas.org_b)
    url = f"/cases/{complaint.public_id}/allegations/{other.allegations.get().public_id}/"

    response = unlocked_client_for(personas.coordinator).post(url, _data(personas, complaint))

    assert response.status_code == 404
    assert other.allegations.get().sea_type is None
