"""complaint_create with several survivors and several alleged perpetrators (the UN counts both per report):
each is a row, identifying details sealed to its own row, one allegation per concerned organisation linking
every survivor and that organisation's perpetrators; intake facts stored in clear."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pseahub.cases.models import Allegation, EntityType, Perpetrator, Survivor, VictimType, Vocabulary
from pseahub.cases.services import PerpetratorInput, SurvivorInput
from pseahub.core.exceptions import ApplicationError

from .helpers import file_complaint, opened, term


def _several(personas):
    return file_complaint(
        survivors=[
            SurvivorInput(sex="female", age_group=term(Vocabulary.AGE_GROUP, "12-17"), name="Awa-Heron-1"),
            SurvivorInput(sex="female", age_group=term(Vocabulary.AGE_GROUP, "26-40"), contact="+223 1"),
            SurvivorInput(sex="male", is_child=True, displacement=term(Vocabulary.DISPLACEMENT, "idp")),
        ],
        perpetrators=[
            PerpetratorInput(
                organisation=personas.org_a,
                personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, "military_contingent"),
                nationality="sen",
                name="Captain-Gannet-2",
            ),
            PerpetratorInput(organisation=personas.org_a, description="Driver-Osprey-3"),
            PerpetratorInput(organisation=personas.org_b, role="volunteer"),
            PerpetratorInput(),  # a blank block of the form: no perpetrator
        ],
    )


@pytest.mark.django_db
def test_each_survivor_and_perpetrator_is_a_row_with_its_victim_type_and_entity_type(personas):
    complaint = _several(personas)

    survivors = list(Survivor.objects.filter(complaint=complaint))
    assert [s.victim_type for s in survivors] == [VictimType.GIRL, VictimType.WOMAN, VictimType.BOY]
    assert complaint.involves_child
    perpetrators = list(Perpetrator.objects.filter(complaint=complaint))
    assert len(perpetrators) == 3
    assert perpetrators[0].nationality == "SEN"
    assert {p.entity_type for p in perpetrators} <= set(EntityType.values)
    assert perpetrators[2].role == "volunteer"


@pytest.mark.django_db
def test_one_allegation_per_organisation_links_every_survivor_and_its_perpetrators(personas):
    complaint = _several(personas)

    allegations = {a.organisation: a for a in Allegation.objects.filter(complaint=complaint)}
    assert set(allegations) == {personas.org_a, personas.org_b}
    for allegation in allegations.values():
        assert allegation.survivors.count() == 3
    assert allegations[personas.org_a].perpetrators.count() == 2
    assert allegations[personas.org_b].perpetrators.count() == 1


@pytest.mark.django_db
def test_names_and_descriptions_are_sealed_to_their_own_row(personas):
    complaint = _several(personas)

    first_survivor = Survivor.objects.filter(complaint=complaint).first()
    assert opened(personas.coordinator, complaint, first_survivor)["name"] == "Awa-Heron-1"
    captain, driver, _volunteer = Perpetrator.objects.filter(complaint=complaint)
    assert opened(personas.coordinator, complaint, captain) == {"name": "Captain-Gannet-2", "description": ""}
    assert opened(personas.coordinator, complaint, driver)["description"] == "Driver-Osprey-3"
    assert b"Captain-Gannet-2" not in bytes(captain.sealed)


@pytest.mark.django_db
def test_a_perpetrator_described_without_organisation_or_role_is_still_a_perpetrator(personas):
    complaint = file_complaint(perpetrator_description="A man in a blue vest, Lynx-8")

    [perpetrator] = Perpetrator.objects.filter(complaint=complaint)
    assert perpetrator.organisation is None and perpetrator.entity_type == EntityType.UNKNOWN
    assert opened(personas.coordinator, complaint, perpetrator)["description"] == "A man in a blue vest, Lynx-8"
    [allegation] = Allegation.objects.filter(complaint=complaint)
    assert list(allegation.perpetrators.all()) == [perpetrator]


@pytest.mark.django_db
def test_a_complaint_with_no_perpetrator_detail_has_no_perpetrator_nor_allegation(personas):
    complaint = file_complaint()

    assert not Perpetrator.objects.filter(complaint=complaint).exists()
    assert not Allegation.objects.filter(complaint=complaint).exists()
    assert Survivor.objects.filter(complaint=complaint).count() == 1


@pytest.mark.django_db
def test_nationality_is_refused_for_personnel_who_are_not_uniformed(personas):
    with pytest.raises(ApplicationError, match="uniformed personnel only"):
        file_complaint(
            perpetrators=[
                PerpetratorInput(
                    personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, "agency_staff"), nationality="FRA"
                )
            ]
        )
    with pytest.raises(ApplicationError, match="three-letter"):
        file_complaint(
            perpetrators=[
                PerpetratorInput(personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, "police_fpu"), nationality="S1")
            ]
        )


@pytest.mark.django_db
def test_intake_facts_are_stored_and_a_first_report_in_the_future_is_refused(personas):
    earlier = timezone.now() - dt.timedelta(days=3)
    complaint = file_complaint(
        first_reported_at=earlier,
        received_by_organisation=personas.org_b,
        received_by_person="Focal-Point-Ibis-4",
        incident_date_unknown=True,
        incident_date=dt.date(2026, 1, 1),
        incident_time_of_day="evening_night",
        reported_before="yes",
        reported_before_to="community_leader",
        goods_exchanged="yes",
        needs_medical=True,
    )

    assert complaint.first_reported_at == earlier
    assert complaint.received_by_organisation == personas.org_b
    assert complaint.incident_date is None and complaint.incident_date_unknown
    assert (complaint.incident_time_of_day, complaint.reported_before_to) == ("evening_night", "community_leader")
    assert complaint.goods_exchanged == "yes"
    assert complaint.needs_medical and complaint.is_urgent  # medical care within 72 hours cannot wait for triage
    assert opened(personas.coordinator, complaint, complaint)["received_by_person"] == "Focal-Point-Ibis-4"
    with pytest.raises(ApplicationError, match="future"):
        file_complaint(first_reported_at=timezone.now() + dt.timedelta(days=1))
