"""The alleged perpetrators of a complaint on the case page: listed, added and corrected (organisation, entity
type following the organisation unless chosen, personnel category, role, sex, nationality for uniformed
personnel only, name and description sealed). A description kept on the allegation before perpetrators had
rows of their own is still shown."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Allegation, EntityType, Perpetrator
from pseahub.cases.services import complaint_close
from pseahub.network.models import OrganisationType
from pseahub.network.tests.factories import OrganisationFactory
from pseahub.vault import services as vault

from .helpers import events_on, file_complaint, opened, text


@pytest.fixture
def complaint(personas):
    return file_complaint(narrative="Perpetrator-Page-Narrative")


@pytest.fixture
def coordinator(personas, unlocked_client_for):
    return unlocked_client_for(personas.coordinator)


def _add(coordinator, complaint, **fields):
    data = {"role": "unknown", "sex": "unknown", **fields}
    return coordinator.post(f"/cases/{complaint.public_id}/perpetrators/", data, follow=True)


@pytest.mark.django_db
def test_a_perpetrator_is_added_with_the_entity_type_of_the_organisation(personas, complaint, coordinator):
    agency = OrganisationFactory(name="Gamma Agency", type=OrganisationType.UN_AGENCY)

    page = text(
        _add(
            coordinator,
            complaint,
            organisation=str(agency.public_id),
            personnel_category="agency_staff",
            role="staff",
            sex="male",
            name="Perp-Name-Kite",
            description="Perp-Description-Kite",
        )
    )

    assert "Alleged perpetrator added." in page
    perpetrator = Perpetrator.objects.get(complaint=complaint)
    assert (perpetrator.organisation, perpetrator.entity_type, perpetrator.role, perpetrator.sex) == (
        agency,
        EntityType.UN_AGENCY,
        "staff",
        "male",
    )
    assert opened(personas.coordinator, complaint, perpetrator) == {
        "name": "Perp-Name-Kite",
        "description": "Perp-Description-Kite",
    }
    assert "Perp-Name-Kite" in page and "UN agency, fund or programme" in page
    [event] = events_on(complaint, Action.PERPETRATOR_ADDED)
    assert event.data["entity_type"] == "un_agency" and "Kite" not in str(event.data)


@pytest.mark.django_db
def test_an_entity_type_chosen_wins_over_the_organisation(personas, complaint, coordinator):
    _add(coordinator, complaint, organisation=str(personas.org_a.public_id), entity_type="contractor")

    assert Perpetrator.objects.get(complaint=complaint).entity_type == EntityType.CONTRACTOR


@pytest.mark.django_db
def test_nationality_is_for_uniformed_personnel_only(personas, complaint, coordinator):
    response = _add(coordinator, complaint, personnel_category="agency_staff", nationality="SEN")

    page = text(response)
    assert 'id="perpetrator-new-nationality_error"' in page
    assert "Nationality is recorded for uniformed personnel only." in page
    assert not Perpetrator.objects.exists()

    _add(coordinator, complaint, personnel_category="military_contingent", nationality="sen")

    assert Perpetrator.objects.get(complaint=complaint).nationality == "SEN"


@pytest.mark.django_db
def test_a_perpetrator_is_corrected_and_audited_without_sealed_content(personas, complaint, coordinator):
    _add(coordinator, complaint, name="Before-Name")
    perpetrator = Perpetrator.objects.get(complaint=complaint)

    response = coordinator.post(
        f"/cases/{complaint.public_id}/perpetrators/{perpetrator.public_id}/",
        {
            "organisation": str(personas.org_b.public_id),
            "role": "volunteer",
            "sex": "female",
            "name": "After-Name",
            "description": "",
        },
        follow=True,
    )

    assert "Alleged perpetrator saved." in text(response)
    perpetrator.refresh_from_db()
    assert (perpetrator.organisation, perpetrator.entity_type, perpetrator.role) == (
        personas.org_b,
        EntityType.IMPLEMENTING_PARTNER,  # an international NGO
        "volunteer",
    )
    assert opened(personas.coordinator, complaint, perpetrator)["name"] == "After-Name"
    [event] = events_on(complaint, Action.PERPETRATOR_UPDATED)
    assert event.data["fields"] == ["entity_type", "organisation", "role", "sealed", "sex"]
    assert "After-Name" not in str(event.data)


@pytest.mark.django_db
def test_the_description_kept_on_an_old_allegation_is_still_shown(personas, complaint, coordinator):
    # As the migration left a record made before perpetrators had rows: the description sealed on the
    # allegation, a perpetrator row with nothing sealed, linked to it.
    allegation = Allegation(complaint=complaint, organisation=personas.org_a)
    allegation.sealed = vault.seal_data(
        complaint.keyring, {"perpetrator_description": "Legacy-Description-Otter"}, bound_to=(allegation, "sealed")
    )
    allegation.save(force_insert=True)
    perpetrator = Perpetrator.objects.create(complaint=complaint, organisation=personas.org_a)
    allegation.perpetrators.add(perpetrator)

    page = text(coordinator.get(f"/cases/{complaint.public_id}/"))

    perpetrators = page[page.index('id="perpetrators"') : page.index('id="allegations"')]
    assert "Legacy-Description-Otter" in perpetrators
    assert "As recorded on the allegation before perpetrators had their own record." in perpetrators


@pytest.mark.django_db
def test_a_perpetrator_of_another_complaint_is_404(personas, complaint, coordinator):
    other = file_complaint(reported_organisation=personas.org_b, perpetrator_description="Other-Perp")
    perpetrator = other.perpetrators.get()

    response = coordinator.post(
        f"/cases/{complaint.public_id}/perpetrators/{perpetrator.public_id}/", {"role": "staff", "sex": "male"}
    )

    assert response.status_code == 404
    perpetrator.refresh_from_db()
    assert perpetrator.role == "unknown"


@pytest.mark.django_db
def test_a_closed_complaint_gets_no_perpetrator_and_no_correction(personas, coordinator):
    complaint = file_complaint(reported_organisation=personas.org_a, perpetrator_description="Closed-Perp")
    complaint_close(actor=personas.coordinator, complaint=complaint, reason="withdrawn")
    perpetrator = complaint.perpetrators.get()

    added = text(_add(coordinator, complaint, role="staff"))
    corrected = text(
        coordinator.post(
            f"/cases/{complaint.public_id}/perpetrators/{perpetrator.public_id}/",
            {"role": "staff", "sex": "male"},
            follow=True,
        )
    )

    assert "This complaint is closed." in added and "This complaint is closed." in corrected
    assert "Add an alleged perpetrator" not in corrected
    assert list(Perpetrator.objects.filter(complaint=complaint)) == [perpetrator]
    perpetrator.refresh_from_db()
    assert perpetrator.role == "unknown"


@pytest.mark.django_db
def test_the_edit_form_lets_the_entity_type_follow_a_new_organisation(personas, complaint, coordinator):
    _add(coordinator, complaint, organisation=str(personas.org_a.public_id))
    _add(coordinator, complaint, organisation=str(personas.org_a.public_id), entity_type="contractor")
    following, chosen = Perpetrator.objects.filter(complaint=complaint)

    page = text(coordinator.get(f"/cases/{complaint.public_id}/"))

    # Following the organisation: "From the organisation" is selected; chosen: the choice is kept.
    following_form = page[page.index(f'id="perpetrator-{following.pk}-entity_type"') :]
    assert following_form.index('<option value="" selected>') < following_form.index("</select>")
    chosen_form = page[page.index(f'id="perpetrator-{chosen.pk}-entity_type"') :]
    assert chosen_form.index('<option value="contractor" selected>') < chosen_form.index("</select>")
