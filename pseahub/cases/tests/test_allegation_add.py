"""allegation_add: one allegation per concerned organisation and personnel category, perpetrator sealed."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Allegation, Classification, Vocabulary
from pseahub.cases.services import allegation_add, complaint_triage
from pseahub.core.exceptions import ApplicationError

from .helpers import events_on, file_complaint, opened, term


def _add(actor, complaint, organisation, category="agency_staff", sea_type="rape", description=""):
    return allegation_add(
        actor=actor,
        complaint=complaint,
        organisation=organisation,
        personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, category) if category else None,
        sea_type=term(Vocabulary.SEA_TYPE, sea_type) if sea_type else None,
        perpetrator_description=description,
    )


@pytest.mark.django_db
def test_it_adds_an_allegation_with_the_perpetrator_sealed_and_audits(personas):
    complaint = file_complaint()

    allegation = _add(personas.coordinator, complaint, personas.org_a, description="Driver-Moustache-88")

    assert (allegation.organisation, allegation.sea_type.code) == (personas.org_a, "rape")
    assert b"Driver-Moustache-88" not in bytes(allegation.sealed)
    assert opened(personas.coordinator, complaint, allegation) == {"perpetrator_description": "Driver-Moustache-88"}
    (event,) = events_on(complaint, Action.ALLEGATION_ADDED)
    assert event.actor == personas.coordinator
    assert event.data == {
        "allegation": str(allegation.public_id),
        "organisation": str(personas.org_a.public_id),
        "sea_type": "rape",
    }


@pytest.mark.django_db
def test_it_classifies_an_unclassified_complaint_as_sea(personas):
    complaint = file_complaint()

    _add(personas.coordinator, complaint, personas.org_a)

    complaint.refresh_from_db()
    assert complaint.classification == Classification.SEA


@pytest.mark.django_db
def test_it_splits_a_complaint_by_organisation_and_by_category(personas):
    complaint = file_complaint()

    _add(personas.coordinator, complaint, personas.org_a, category="agency_staff")
    _add(personas.coordinator, complaint, personas.org_b, category="agency_staff")
    _add(personas.coordinator, complaint, personas.org_a, category="contractor")
    _add(personas.coordinator, complaint, None, category=None)

    assert Allegation.objects.filter(complaint=complaint).count() == 4
    assert len(events_on(complaint, Action.ALLEGATION_ADDED)) == 4


@pytest.mark.django_db
@pytest.mark.parametrize("category", ["agency_staff", None])
def test_it_refuses_a_second_allegation_for_the_same_organisation_and_category(personas, category):
    complaint = file_complaint()
    _add(personas.coordinator, complaint, personas.org_a, category=category)

    with pytest.raises(ApplicationError, match="already has an allegation"):
        _add(personas.coordinator, complaint, personas.org_a, category=category, sea_type="sexual_assault")

    assert Allegation.objects.filter(complaint=complaint).count() == 1
    assert len(events_on(complaint, Action.ALLEGATION_ADDED)) == 1


@pytest.mark.django_db
def test_it_counts_the_allegation_made_at_intake(personas):
    complaint = file_complaint(
        reported_organisation=personas.org_a,
        perpetrator_category=term(Vocabulary.PERSONNEL_CATEGORY, "agency_staff"),
    )

    with pytest.raises(ApplicationError):
        _add(personas.coordinator, complaint, personas.org_a, category="agency_staff")


@pytest.mark.django_db
def test_it_refuses_a_closed_complaint(personas):
    complaint = file_complaint()
    complaint_triage(
        actor=personas.coordinator,
        complaint=complaint,
        classification=Classification.OTHER_MISCONDUCT,
        complainant_type="anonymous",
        is_urgent=False,
        involves_child=False,
        forward_to=personas.org_b,
        note="Forwarded.",
    )

    with pytest.raises(ApplicationError, match="closed"):
        _add(personas.coordinator, complaint, personas.org_a)

    assert not Allegation.objects.filter(complaint=complaint).exists()
    assert not events_on(complaint, Action.ALLEGATION_ADDED)
