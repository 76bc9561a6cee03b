"""Correcting an allegation from the case page (e.g. the one intake made from what the reporter said): the
coordinator sets the organisation, category and type of SEA; outsiders get 404 and change nothing."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.audit.models import Action
from pseahub.cases.models import Allegation, Status
from pseahub.cases.services import complaint_close

from .helpers import events_on, file_complaint, opened, text, user_with_role

OUTSIDERS = ["focal_point_a", "focal_point_b", "provider", "operator", "analyst", "admin", "no_role"]


@pytest.fixture
def complaint(personas):
    # Naming the organisation at intake makes a first allegation, without a type of SEA.
    return file_complaint(reported_organisation=personas.org_a, perpetrator_description="Intake-Description")


def _url(complaint) -> str:
    return f"/cases/{complaint.public_id}/allegations/{complaint.allegations.get().public_id}/"


def _data(personas, **changes):
    return {
        "organisation": str(personas.org_a.public_id),
        "personnel_category": "agency_staff",
        "sea_type": "transactional_sex",
        "perpetrator_description": "Intake-Description",
        **changes,
    }


@pytest.mark.django_db
def test_the_coordinator_sets_the_type_of_sea_from_the_page(personas, complaint, unlocked_client_for):
    coordinator = unlocked_client_for(personas.coordinator)
    page = text(coordinator.get(f"/cases/{complaint.public_id}/"))
    assert "Correct this allegation" in page and 'id="allegation-' in page

    response = coordinator.post(_url(complaint), _data(personas), follow=True)

    assert "Allegation corrected." in text(response)
    allegation = Allegation.objects.get(complaint=complaint)
    assert (allegation.organisation, allegation.personnel_category.code, allegation.sea_type.code) == (
        personas.org_a,
        "agency_staff",
        "transactional_sex",
    )
    [event] = events_on(complaint, Action.ALLEGATION_UPDATED)
    # The unchanged description is not sealed again nor listed as changed.
    assert event.data["fields"] == ["personnel_category", "sea_type"]


@pytest.mark.django_db
def test_a_new_description_is_sealed(personas, complaint, unlocked_client_for):
    coordinator = unlocked_client_for(personas.coordinator)

    coordinator.post(_url(complaint), _data(personas, perpetrator_description="Corrected-Description"))

    allegation = Allegation.objects.get(complaint=complaint)
    assert opened(personas.coordinator, complaint, allegation) == {"perpetrator_description": "Corrected-Description"}


@pytest.mark.django_db
def test_with_the_key_locked_the_description_is_left_alone(personas, complaint, client_for):
    response = client_for(personas.coordinator).post(
        _url(complaint), _data(personas, perpetrator_description="Overwrite"), follow=True
    )

    page = text(response)
    assert "the description of the person was not changed" in page and "Allegation corrected." in page
    allegation = Allegation.objects.get(complaint=complaint)
    assert allegation.sea_type.code == "transactional_sex"
    assert opened(personas.coordinator, complaint, allegation) == {"perpetrator_description": "Intake-Description"}


@pytest.mark.django_db
def test_a_closed_complaint_is_not_corrected(personas, complaint, unlocked_client_for):
    complaint_close(actor=personas.coordinator, complaint=complaint, reason="duplicate")
    coordinator = unlocked_client_for(personas.coordinator)

    response = coordinator.post(_url(complaint), _data(personas), follow=True)

    assert "This complaint is closed." in text(response)
    assert Allegation.objects.get(complaint=complaint).sea_type is None
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


@pytest.mark.django_db
@pytest.mark.parametrize("name", [*OUTSIDERS, "latecomer"])
def test_outsiders_get_404_and_change_nothing(personas, complaint, client_for, name):
    # The latecomer is a coordinator appointed after the complaint arrived: no grant on it.
    user = user_with_role("latecomer@example.org", Role.COORDINATOR) if name == "latecomer" else getattr(personas, name)

    response = client_for(user).post(_url(complaint), _data(personas))

    assert response.status_code == 404
    assert Allegation.objects.get(complaint=complaint).sea_type is None
    assert not events_on(complaint, Action.ALLEGATION_UPDATED)


@pytest.mark.django_db
def test_an_allegation_of_another_complaint_is_404(personas, complaint, unlocked_client_for):
    other = file_complaint(reported_organisation=personas.org_b)
    url = f"/cases/{complaint.public_id}/allegations/{other.allegations.get().public_id}/"

    response = unlocked_client_for(personas.coordinator).post(url, _data(personas))

    assert response.status_code == 404
    assert other.allegations.get().sea_type is None
