"""An allegation names the survivors and alleged perpetrators of its complaint that it concerns (checkboxes on
the add and correct forms); once the complaint has a perpetrator, an allegation concerns at least one. One
allegation per organisation and personnel category stays the rule."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases import record
from pseahub.cases.models import Allegation
from pseahub.cases.services import allegation_add, allegation_update
from pseahub.core.exceptions import ApplicationError

from .helpers import events_on, file_complaint, term, text


@pytest.fixture
def complaint(personas):
    complaint = file_complaint(reported_organisation=personas.org_a, perpetrator_description="First-Perp")
    record.survivor_add(
        actor=personas.coordinator,
        complaint=complaint,
        sex="male",
        age_group=None,
        is_child=False,
        disability="no",
        displacement=None,
    )
    record.perpetrator_add(actor=personas.coordinator, complaint=complaint, organisation=personas.org_b)
    return complaint


@pytest.fixture
def coordinator(personas, unlocked_client_for):
    return unlocked_client_for(personas.coordinator)


@pytest.mark.django_db
def test_the_add_form_offers_every_survivor_and_perpetrator(personas, complaint, coordinator):
    page = text(coordinator.get(f"/cases/{complaint.public_id}/"))

    assert "Survivors it concerns" in page and "Alleged perpetrators it concerns" in page
    for survivor in complaint.survivors.all():
        assert f'name="survivors" value="{survivor.pk}"' in page
    for perpetrator in complaint.perpetrators.all():
        assert f'name="perpetrators" value="{perpetrator.pk}"' in page
    assert "Alleged perpetrator 2 (Beta Aid (BETA)" in page


@pytest.mark.django_db
def test_an_allegation_is_added_with_the_ones_it_concerns(personas, complaint, coordinator):
    second_survivor = complaint.survivors.last()
    second_perpetrator = complaint.perpetrators.last()

    response = coordinator.post(
        f"/cases/{complaint.public_id}/allegations/",
        {
            "organisation": str(personas.org_b.public_id),
            "sea_type": "rape",
            "survivors": [second_survivor.pk],
            "perpetrators": [second_perpetrator.pk],
        },
        follow=True,
    )

    assert "Allegation added." in text(response)
    allegation = Allegation.objects.get(complaint=complaint, organisation=personas.org_b)
    assert list(allegation.survivors.all()) == [second_survivor]
    assert list(allegation.perpetrators.all()) == [second_perpetrator]


@pytest.mark.django_db
def test_an_allegation_without_a_perpetrator_is_refused_beside_the_field(personas, complaint, coordinator):
    response = coordinator.post(
        f"/cases/{complaint.public_id}/allegations/",
        {"organisation": str(personas.org_b.public_id), "survivors": [complaint.survivors.first().pk]},
    )

    page = text(response)
    assert response.status_code == 200
    assert 'id="id_perpetrators_error"' in page
    assert "Choose at least one alleged perpetrator it concerns." in page
    assert complaint.allegations.count() == 1


@pytest.mark.django_db
def test_correcting_the_links_is_audited_by_name(personas, complaint, coordinator):
    allegation = complaint.allegations.get()
    both = list(complaint.perpetrators.all())

    response = coordinator.post(
        f"/cases/{complaint.public_id}/allegations/{allegation.public_id}/",
        {
            "organisation": str(personas.org_a.public_id),
            "survivors": [s.pk for s in complaint.survivors.all()],
            "perpetrators": [p.pk for p in both],
        },
        follow=True,
    )

    assert "Allegation corrected." in text(response)
    assert list(allegation.perpetrators.all()) == both
    [event] = events_on(complaint, Action.ALLEGATION_UPDATED)
    assert event.data["fields"] == ["survivors", "perpetrators"]


@pytest.mark.django_db
def test_the_service_refuses_links_to_another_complaint_or_none(personas, complaint):
    other = file_complaint(reported_organisation=personas.org_b, perpetrator_description="Other")
    allegation = complaint.allegations.get()

    with pytest.raises(ApplicationError, match="of this complaint"):
        allegation_update(
            actor=personas.coordinator,
            allegation=allegation,
            organisation=personas.org_a,
            personnel_category=None,
            sea_type=None,
            perpetrators=list(other.perpetrators.all()),
        )
    with pytest.raises(ApplicationError, match="at least one alleged perpetrator"):
        allegation_add(
            actor=personas.coordinator,
            complaint=complaint,
            organisation=personas.org_b,
            personnel_category=term("personnel_category", "agency_staff"),
            sea_type=None,
            perpetrators=[],
        )
    assert complaint.allegations.count() == 1


@pytest.mark.django_db
def test_one_allegation_per_organisation_and_category_still_holds(personas, complaint, coordinator):
    response = coordinator.post(
        f"/cases/{complaint.public_id}/allegations/",
        {"organisation": str(personas.org_a.public_id), "perpetrators": [complaint.perpetrators.first().pk]},
        follow=True,
    )

    assert "already has an allegation for that organisation and category" in text(response)
    assert complaint.allegations.count() == 1
