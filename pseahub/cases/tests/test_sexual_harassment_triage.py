"""Sexual harassment is its own class at triage, beside SEA, other misconduct and programme feedback. Like
SEA it is recorded with its allegations and referred to the concerned organisation, never forwarded as
feedback (which would close it)."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Classification, Status
from pseahub.cases.services import allegation_add, complaint_triage
from pseahub.core.exceptions import ApplicationError

from .helpers import file_complaint, text


@pytest.fixture
def complaint(personas):
    return file_complaint(narrative="Harassment-Narrative")


@pytest.mark.django_db
def test_triage_offers_sexual_harassment_and_records_it(personas, complaint, unlocked_client_for):
    coordinator = unlocked_client_for(personas.coordinator)
    page = text(coordinator.get(f"/cases/{complaint.public_id}/"))
    assert '<option value="sexual_harassment">Sexual harassment</option>' in page

    response = coordinator.post(
        f"/cases/{complaint.public_id}/triage/",
        {"classification": "sexual_harassment", "complainant_type": "survivor"},
        follow=True,
    )

    assert "Triage saved." in text(response)
    complaint.refresh_from_db()
    assert (complaint.classification, complaint.status) == (Classification.SEXUAL_HARASSMENT, Status.TRIAGED)


@pytest.mark.django_db
def test_it_is_not_forwarded_as_feedback(personas, complaint, unlocked_client_for):
    response = unlocked_client_for(personas.coordinator).post(
        f"/cases/{complaint.public_id}/triage/",
        {
            "classification": "sexual_harassment",
            "complainant_type": "survivor",
            "forward_to": str(personas.org_b.public_id),
            "note": "Forward-Attempt",
        },
    )

    assert "A sexual harassment complaint is referred, not forwarded as feedback." in text(response)
    with pytest.raises(ApplicationError, match="sexual harassment complaint is referred"):
        complaint_triage(
            actor=personas.coordinator,
            complaint=complaint,
            classification=Classification.SEXUAL_HARASSMENT,
            complainant_type="survivor",
            is_urgent=False,
            involves_child=False,
            forward_to=personas.org_b,
            note="Forward-Attempt",
        )
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW and complaint.forwarded_to is None


@pytest.mark.django_db
def test_its_allegations_keep_the_class(personas, complaint):
    complaint_triage(
        actor=personas.coordinator,
        complaint=complaint,
        classification=Classification.SEXUAL_HARASSMENT,
        complainant_type="survivor",
        is_urgent=False,
        involves_child=False,
    )

    allegation_add(
        actor=personas.coordinator,
        complaint=complaint,
        organisation=personas.org_a,
        personnel_category=None,
        sea_type=None,
    )

    complaint.refresh_from_db()
    assert complaint.classification == Classification.SEXUAL_HARASSMENT
    assert complaint.allegations.count() == 1
