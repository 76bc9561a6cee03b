"""Several survivors and alleged perpetrators on the operator's form, without JavaScript: fixed blocks "Survivor
2 and 3" and "Alleged perpetrator 2 and 3" beside the first of each, blank blocks ignored; one allegation per concerned
organisation, linked to its perpetrators and to every survivor; names and descriptions sealed."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Allegation, Complaint, Perpetrator, Survivor
from pseahub.cases.tests.helpers import opened

from .helpers import post_form
from .staff_helpers import staff_data

URL = "/intake/operator/"
NAME, DESCRIPTION = "Perp-Name-Marker-8812", "Perp-Description-Marker-8812"


def _file(client, **overrides):
    return post_form(client, URL, staff_data(**overrides))


def _error(response, field: str) -> str:
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page, f"no error beside {field}"
    return page.split(f'id="id_{field}_error"', 1)[1].split("</ul>", 1)[0]


@pytest.mark.django_db
def test_three_survivors_and_two_perpetrators_are_stored_and_linked(personas, client_for):
    response = _file(
        client_for(personas.operator),
        survivor_sex="female",
        survivor_age_group="26-40",
        survivor_displacement="idp",
        **{"survivor2-sex": "female", "survivor2-age_group": "12-17", "survivor2-displacement": "refugee"},
        **{"survivor3-sex": "male", "survivor3-age_group": "18-25", "survivor3-disability": "yes"},
        organisation=str(personas.org_a.pk),
        perpetrator_category="agency_staff",
        perpetrator_role="staff",
        perpetrator_sex="male",
        perpetrator_description="First-Description",
        **{
            "perpetrator2-organisation": str(personas.org_b.pk),
            "perpetrator2-personnel_category": "military_contingent",
            "perpetrator2-role": "uniformed",
            "perpetrator2-sex": "male",
            "perpetrator2-nationality": "sen",
            "perpetrator2-name": NAME,
            "perpetrator2-description": DESCRIPTION,
        },
    )

    assert 'id="receipt"' in response.content.decode()
    complaint = Complaint.objects.get()
    survivors = list(Survivor.objects.filter(complaint=complaint))
    assert [(s.sex, s.age_group.code, s.victim_type) for s in survivors] == [
        ("female", "26-40", "woman"),
        ("female", "12-17", "girl"),
        ("male", "18-25", "man"),
    ]
    assert [s.displacement.code if s.displacement else None for s in survivors] == ["idp", "refugee", None]
    assert survivors[2].disability == "yes" and survivors[1].is_child and complaint.involves_child
    first, second = Perpetrator.objects.filter(complaint=complaint)
    assert (first.organisation, first.role, first.entity_type, first.nationality) == (
        personas.org_a,
        "staff",
        "implementing_partner",  # from the organisation's type (an INGO)
        "",
    )
    assert (second.organisation, second.personnel_category.code, second.nationality) == (
        personas.org_b,
        "military_contingent",
        "SEN",
    )
    allegations = {a.organisation: a for a in Allegation.objects.filter(complaint=complaint)}
    assert set(allegations) == {personas.org_a, personas.org_b}
    for organisation, perpetrator in ((personas.org_a, first), (personas.org_b, second)):
        assert list(allegations[organisation].perpetrators.all()) == [perpetrator]
        assert set(allegations[organisation].survivors.all()) == set(survivors)
    # Name and description sealed: the coordinator reads them, no clear column holds them.
    assert opened(personas.coordinator, complaint, second) == {"name": NAME, "description": DESCRIPTION}
    assert opened(personas.coordinator, complaint, first)["description"] == "First-Description"
    clear = str(list(Perpetrator.objects.values()) + list(Allegation.objects.values()))
    assert NAME not in clear and DESCRIPTION not in clear


@pytest.mark.django_db
def test_blank_blocks_are_ignored(personas, client_for):
    _file(client_for(personas.operator), organisation=str(personas.org_a.pk))

    complaint = Complaint.objects.get()
    assert complaint.survivors.count() == 1
    assert complaint.perpetrators.count() == 1
    assert complaint.allegations.count() == 1


@pytest.mark.django_db
def test_a_perpetrator_described_without_organisation_is_still_one(personas, client_for):
    _file(client_for(personas.operator), **{"perpetrator2-description": DESCRIPTION})

    perpetrator = Perpetrator.objects.get()
    assert (perpetrator.organisation, perpetrator.entity_type) == (None, "unknown")
    assert opened(personas.coordinator, perpetrator.complaint, perpetrator)["description"] == DESCRIPTION
    assert list(Allegation.objects.get().perpetrators.all()) == [perpetrator]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"perpetrator2-personnel_category": "agency_staff", "perpetrator2-nationality": "SEN"},
            "perpetrator2-nationality",
            "Nationality is recorded for uniformed personnel only.",
        ),
        ({"perpetrator_nationality": "SEN"}, "perpetrator_nationality", "uniformed personnel only"),
        (
            {"perpetrator3-personnel_category": "police_fpu", "perpetrator3-nationality": "S3N"},
            "perpetrator3-nationality",
            "three-letter country code",
        ),
    ],
)
def test_a_nationality_is_refused_beside_the_field(personas, client_for, data, field, message):
    response = _file(client_for(personas.operator), **data)

    assert message in _error(response, field)
    assert "Please check the fields marked below." in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_the_blocks_have_legends_and_open_when_they_hold_an_error(personas, client_for):
    client = client_for(personas.operator)
    page = client.get(URL).content.decode()

    for legend in ("Survivor 1", "Survivor 3", "Alleged perpetrator 1", "Alleged perpetrator 3"):
        assert f"<legend>{legend}</legend>" in page
    assert '<details id="perpetrator2" open>' not in page

    refused = _file(client, **{"perpetrator2-nationality": "SEN"}).content.decode()
    assert '<details id="perpetrator2" open>' in refused
    assert 'value="SEN"' in refused  # what the operator typed is kept
