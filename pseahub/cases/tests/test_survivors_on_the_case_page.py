"""Every survivor of a complaint on the case page (the UN counts each victim of a report): listed with sex, age
group, child flag, disability, displacement, GBV type and the victim type derived from sex and age, the sealed
name and contact; each edited, and more added ("Add a survivor"), sealed to the complaint and audited without
what is sealed."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Status, Survivor, VictimType
from pseahub.cases.services import complaint_close

from .helpers import events_on, file_complaint, opened, text


@pytest.fixture
def complaint(personas):
    return file_complaint(reported_organisation=personas.org_a)


@pytest.fixture
def coordinator(personas, unlocked_client_for):
    return unlocked_client_for(personas.coordinator)


def _added(**fields):
    return {f"survivor-new-{name}": value for name, value in fields.items()}


@pytest.mark.django_db
def test_a_survivor_is_added_sealed_and_listed_with_the_first(personas, complaint, coordinator):
    response = coordinator.post(
        f"/cases/{complaint.public_id}/survivors/",
        _added(
            sex="female",
            age_group="18-25",
            disability="no",
            displacement="idp",
            gbv_type="sexual_assault",
            name="Second-Survivor-Name",
            contact="+000 555",
        ),
        follow=True,
    )

    page = text(response)
    assert "Survivor added." in page
    _first, second = Survivor.objects.filter(complaint=complaint)
    assert (second.sex, second.age_group.code, second.gbv_type.code) == ("female", "18-25", "sexual_assault")
    assert second.victim_type == VictimType.WOMAN
    assert opened(personas.coordinator, complaint, second) == {"name": "Second-Survivor-Name", "contact": "+000 555"}
    assert "Survivor 1" in page and "Survivor 2" in page
    assert "Second-Survivor-Name" in page and "Woman" in page and "Sexual assault" in page
    [event] = events_on(complaint, Action.SURVIVOR_ADDED)
    assert event.data["sex"] == "female" and "Second-Survivor-Name" not in str(event.data)


@pytest.mark.django_db
def test_a_child_survivor_makes_a_child_case(personas, complaint, coordinator):
    coordinator.post(f"/cases/{complaint.public_id}/survivors/", _added(sex="male", age_group="12-17", disability="no"))

    complaint.refresh_from_db()
    added = complaint.survivors.last()
    assert added.is_child and added.victim_type == VictimType.BOY
    assert complaint.involves_child


@pytest.mark.django_db
def test_an_invalid_survivor_comes_back_with_its_error_and_adds_nothing(personas, complaint, coordinator):
    response = coordinator.post(
        f"/cases/{complaint.public_id}/survivors/", _added(sex="bogus", disability="no", name="Kept-Name")
    )

    page = text(response)
    assert response.status_code == 200
    assert 'id="id_survivor-new-sex_error"' in page and 'value="Kept-Name"' in page
    assert Survivor.objects.filter(complaint=complaint).count() == 1
    assert not events_on(complaint, Action.SURVIVOR_ADDED)


@pytest.mark.django_db
def test_the_gbv_type_is_set_when_editing_a_survivor(personas, complaint, coordinator):
    survivor = complaint.survivors.get()
    prefix = f"s{survivor.pk}"

    response = coordinator.post(
        f"/cases/{complaint.public_id}/survivors/{survivor.pk}/",
        {f"{prefix}-sex": "female", f"{prefix}-disability": "no", f"{prefix}-gbv_type": "rape"},
        follow=True,
    )

    assert "Survivor details saved." in text(response)
    survivor.refresh_from_db()
    assert survivor.gbv_type.code == "rape"
    # Sex known, age not: the victim type stays unknown rather than guessed.
    assert survivor.victim_type == VictimType.UNKNOWN


@pytest.mark.django_db
def test_a_closed_complaint_gets_no_survivor(personas, complaint, coordinator):
    complaint_close(actor=personas.coordinator, complaint=complaint, reason="withdrawn")

    response = coordinator.post(
        f"/cases/{complaint.public_id}/survivors/", _added(sex="female", disability="no"), follow=True
    )

    page = text(response)
    assert "This complaint is closed." in page and "Add a survivor" not in page
    assert Survivor.objects.filter(complaint=complaint).count() == 1
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
