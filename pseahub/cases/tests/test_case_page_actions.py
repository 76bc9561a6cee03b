"""The case page's forms, as a coordinator uses them: each POST calls its service and says what happened."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Allegation, Classification, Consent, Status, Survivor
from pseahub.cases.services import survivor_update

from .helpers import events_on, file_complaint, opened, text


@pytest.fixture
def complaint(personas):
    return file_complaint(narrative="Case-Page-Narrative")


@pytest.fixture
def coordinator(personas, unlocked_client_for):
    return unlocked_client_for(personas.coordinator)


@pytest.mark.django_db
def test_triage_from_the_page(personas, complaint, coordinator):
    response = coordinator.post(
        f"/cases/{complaint.public_id}/triage/",
        {"classification": "sea", "complainant_type": "survivor", "is_urgent": "on", "involves_child": "on"},
        follow=True,
    )

    assert "Triage saved." in text(response)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.classification, complaint.is_urgent) == (Status.TRIAGED, "sea", True)
    assert len(events_on(complaint, Action.COMPLAINT_TRIAGED)) == 1


@pytest.mark.django_db
def test_forwarding_an_sea_complaint_is_refused_on_the_page(personas, complaint, coordinator):
    response = coordinator.post(
        f"/cases/{complaint.public_id}/triage/",
        {
            "classification": "sea",
            "complainant_type": "survivor",
            "forward_to": str(personas.org_b.public_id),
            "note": "Forward",
        },
        follow=True,
    )

    assert "An SEA complaint is referred, not forwarded as feedback." in text(response)
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW and complaint.forwarded_to is None


@pytest.mark.django_db
def test_forwarding_feedback_closes_it_with_the_note_shown_to_coordinators_only(personas, complaint, coordinator):
    response = coordinator.post(
        f"/cases/{complaint.public_id}/triage/",
        {
            "classification": "programme_feedback",
            "complainant_type": "anonymous",
            "forward_to": str(personas.org_b.public_id),
            "note": "Sent-To-Beta-Feedback-Line",
        },
        follow=True,
    )

    page = text(response)
    assert "Triage saved." in page and "Sent-To-Beta-Feedback-Line" in page
    complaint.refresh_from_db()
    assert (complaint.status, complaint.classification) == (Status.CLOSED, Classification.PROGRAMME_FEEDBACK)
    assert len(events_on(complaint, Action.COMPLAINT_CLOSED)) == 1


@pytest.mark.django_db
def test_allegations_from_the_page_and_the_duplicate_message(personas, complaint, coordinator):
    data = {
        "organisation": str(personas.org_a.public_id),
        "personnel_category": "agency_staff",
        "sea_type": "transactional_sex",
        "survivors": [complaint.survivors.get().pk],
    }

    first = text(coordinator.post(f"/cases/{complaint.public_id}/allegations/", data, follow=True))
    second = text(coordinator.post(f"/cases/{complaint.public_id}/allegations/", data, follow=True))

    assert "Allegation added." in first
    assert list(Allegation.objects.get(complaint=complaint).survivors.all()) == list(complaint.survivors.all())
    assert "already has an allegation for that organisation and category" in second
    assert Allegation.objects.filter(complaint=complaint).count() == 1


@pytest.mark.django_db
def test_an_unknown_vocabulary_code_is_a_form_error(personas, complaint, coordinator):
    response = coordinator.post(f"/cases/{complaint.public_id}/allegations/", {"sea_type": "bogus"}, follow=True)

    assert "Select a valid choice" in text(response)
    assert not Allegation.objects.exists()


@pytest.mark.django_db
def test_survivor_details_from_the_page(personas, complaint, coordinator):
    survivor = Survivor.objects.get(complaint=complaint)
    prefix = f"s{survivor.pk}"

    response = coordinator.post(
        f"/cases/{complaint.public_id}/survivors/{survivor.pk}/",
        {
            f"{prefix}-sex": "female",
            f"{prefix}-age_group": "12-17",
            f"{prefix}-disability": "yes",
            f"{prefix}-name": "Page-Survivor-Name",
        },
        follow=True,
    )

    assert "Survivor details saved." in text(response)
    assert "Page-Survivor-Name" in text(response)
    survivor.refresh_from_db()
    complaint.refresh_from_db()
    assert survivor.is_child and complaint.involves_child


@pytest.mark.django_db
def test_a_locked_key_does_not_erase_the_sealed_survivor_name(personas, complaint, client_for):
    survivor = Survivor.objects.get(complaint=complaint)
    survivor_update(
        actor=personas.coordinator,
        survivor=survivor,
        sex="female",
        age_group=None,
        disability="unknown",
        displacement=None,
        is_child=False,
        name="Kept-Survivor-Name",
        contact="+223 1234",
    )
    prefix = f"s{survivor.pk}"

    # The page could not show the sealed name and contact, so the form comes back with them blank.
    client_for(personas.coordinator).post(
        f"/cases/{complaint.public_id}/survivors/{survivor.pk}/",
        {f"{prefix}-sex": "male", f"{prefix}-disability": "no", f"{prefix}-name": "", f"{prefix}-contact": ""},
    )

    survivor.refresh_from_db()
    assert survivor.sex == "male"
    assert opened(personas.coordinator, complaint, survivor) == {
        "name": "Kept-Survivor-Name",
        "contact": "+223 1234",
    }


@pytest.mark.django_db
def test_a_name_typed_with_a_locked_key_is_refused_with_a_message(personas, complaint, client_for):
    survivor = Survivor.objects.get(complaint=complaint)
    prefix = f"s{survivor.pk}"

    response = client_for(personas.coordinator).post(
        f"/cases/{complaint.public_id}/survivors/{survivor.pk}/",
        {f"{prefix}-sex": "female", f"{prefix}-disability": "no", f"{prefix}-name": "Typed-While-Locked"},
        follow=True,
    )

    assert "Your key is locked: the name and contact were not changed." in text(response)
    survivor.refresh_from_db()
    assert survivor.sex == "female"
    assert opened(personas.coordinator, complaint, survivor) == {"name": "", "contact": ""}


@pytest.mark.django_db
def test_consent_and_withdrawal_from_the_page(personas, complaint, coordinator):
    url = f"/cases/{complaint.public_id}/consents/"

    given = text(
        coordinator.post(url, {"purpose": "services", "decision": "given", "given_by": "survivor"}, follow=True)
    )
    withdrawn = coordinator.post(
        url, {"purpose": "services", "decision": "withdrawn", "given_by": "survivor"}, follow=True
    )
    refused = text(
        coordinator.post(url, {"purpose": "statistics", "decision": "given", "given_by": "best_interests"}, follow=True)
    )

    assert "Consent recorded." in given
    assert "Consent recorded." in text(withdrawn)
    assert "A best-interests determination is only for a child survivor." in refused
    assert list(Consent.objects.values_list("decision", flat=True)) == ["given", "withdrawn"]


@pytest.mark.django_db
def test_a_message_from_the_page(personas, complaint, coordinator):
    response = coordinator.post(
        f"/cases/{complaint.public_id}/messages/", {"body": "Page-Message-To-Reporter"}, follow=True
    )

    page = text(response)
    assert "Message sent." in page and "Page-Message-To-Reporter" in page
    assert len(events_on(complaint, Action.MESSAGE_TO_REPORTER)) == 1


@pytest.mark.django_db
def test_an_empty_message_is_a_form_error(personas, complaint, coordinator):
    response = coordinator.post(f"/cases/{complaint.public_id}/messages/", {"body": ""}, follow=True)

    assert "This field is required." in text(response)
    assert not events_on(complaint, Action.MESSAGE_TO_REPORTER)
