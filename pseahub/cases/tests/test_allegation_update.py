"""allegation_update: corrects one allegation, re-seals the perpetrator description, keeps the UN counting rule."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Allegation, Vocabulary
from pseahub.cases.services import allegation_add, allegation_update
from pseahub.core.exceptions import ApplicationError

from .helpers import events_on, file_complaint, opened, term


@pytest.fixture
def complaint(personas):
    return file_complaint()


def _allegation(personas, complaint, organisation, category="agency_staff", description="First-Description"):
    return allegation_add(
        actor=personas.coordinator,
        complaint=complaint,
        organisation=organisation,
        personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, category),
        sea_type=term(Vocabulary.SEA_TYPE, "transactional_sex"),
        perpetrator_description=description,
    )


@pytest.mark.django_db
def test_it_updates_clear_fields_and_audits_which_changed(personas, complaint):
    allegation = _allegation(personas, complaint, personas.org_a)

    allegation_update(
        actor=personas.coordinator,
        allegation=allegation,
        organisation=personas.org_b,
        personnel_category=allegation.personnel_category,
        sea_type=term(Vocabulary.SEA_TYPE, "rape"),
    )

    allegation.refresh_from_db()
    assert (allegation.organisation, allegation.sea_type.code) == (personas.org_b, "rape")
    assert opened(personas.coordinator, allegation.complaint, allegation) == {
        "perpetrator_description": "First-Description"
    }
    (event,) = events_on(allegation.complaint, Action.ALLEGATION_UPDATED)
    assert event.actor == personas.coordinator
    assert event.data == {"allegation": str(allegation.public_id), "fields": ["organisation", "sea_type"]}


@pytest.mark.django_db
def test_it_reseals_a_new_perpetrator_description_without_auditing_it(personas, complaint):
    allegation = _allegation(personas, complaint, personas.org_a)

    allegation_update(
        actor=personas.coordinator,
        allegation=allegation,
        organisation=personas.org_a,
        personnel_category=allegation.personnel_category,
        sea_type=allegation.sea_type,
        perpetrator_description="Tall-Man-Blue-Jeep",
    )

    allegation.refresh_from_db()
    assert b"Tall-Man-Blue-Jeep" not in bytes(allegation.sealed)
    assert opened(personas.coordinator, allegation.complaint, allegation) == {
        "perpetrator_description": "Tall-Man-Blue-Jeep"
    }
    (event,) = events_on(allegation.complaint, Action.ALLEGATION_UPDATED)
    assert event.data["fields"] == ["perpetrator_description"]
    assert "Tall-Man" not in str(event.data)


@pytest.mark.django_db
def test_it_refuses_to_make_two_allegations_for_the_same_organisation_and_category(personas, complaint):
    first = _allegation(personas, complaint, personas.org_a)
    second = _allegation(personas, complaint, personas.org_b)

    with pytest.raises(ApplicationError, match="already has an allegation"):
        allegation_update(
            actor=personas.coordinator,
            allegation=second,
            organisation=personas.org_a,
            personnel_category=first.personnel_category,
            sea_type=second.sea_type,
        )

    second.refresh_from_db()
    assert second.organisation == personas.org_b
    assert Allegation.objects.filter(organisation=personas.org_a).count() == 1
    assert not events_on(second.complaint, Action.ALLEGATION_UPDATED)
