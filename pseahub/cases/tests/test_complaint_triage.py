"""complaint_triage: classification, urgency and child flags; non-SEA forwarded and closed with a sealed note."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import CaseNote, Classification, Status
from pseahub.cases.services import complaint_triage
from pseahub.core.exceptions import ApplicationError

from .helpers import events_on, file_complaint, opened


def _triage(actor, complaint, **overrides):
    arguments = {
        "classification": Classification.SEA,
        "complainant_type": "witness",
        "is_urgent": False,
        "involves_child": False,
    }
    arguments.update(overrides)
    return complaint_triage(actor=actor, complaint=complaint, **arguments)


@pytest.mark.django_db
def test_it_classifies_and_flags_and_audits(personas):
    complaint = file_complaint()

    _triage(personas.coordinator, complaint, is_urgent=True, involves_child=True)

    complaint.refresh_from_db()
    assert complaint.classification == Classification.SEA
    assert complaint.status == Status.TRIAGED
    assert complaint.complainant_type == "witness"
    assert complaint.is_urgent and complaint.involves_child
    assert complaint.triaged_at is not None
    (event,) = events_on(complaint, Action.COMPLAINT_TRIAGED)
    assert event.actor == personas.coordinator
    assert event.data == {"classification": "sea", "urgent": True, "child": True}
    assert not events_on(complaint, Action.COMPLAINT_CLOSED)


@pytest.mark.django_db
def test_it_never_clears_the_child_flag_set_at_intake(personas):
    complaint = file_complaint(involves_child=True)

    _triage(personas.coordinator, complaint, involves_child=False)

    complaint.refresh_from_db()
    assert complaint.involves_child


@pytest.mark.django_db
def test_it_keeps_the_first_triage_time_when_triaged_again(personas):
    complaint = file_complaint()
    _triage(personas.coordinator, complaint)
    first = complaint.triaged_at

    _triage(personas.coordinator, complaint, classification=Classification.OTHER_MISCONDUCT)

    complaint.refresh_from_db()
    assert complaint.triaged_at == first
    assert complaint.classification == Classification.OTHER_MISCONDUCT
    assert len(events_on(complaint, Action.COMPLAINT_TRIAGED)) == 2


@pytest.mark.django_db
def test_it_forwards_non_sea_and_closes_with_a_sealed_note(personas):
    complaint = file_complaint()

    _triage(
        personas.coordinator,
        complaint,
        classification=Classification.PROGRAMME_FEEDBACK,
        forward_to=personas.org_b,
        note="Food-Ration-Note: passed to BETA's feedback line.",
    )

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.closed_at is not None
    assert complaint.forwarded_to == personas.org_b
    note = CaseNote.objects.get(complaint=complaint)
    assert b"Food-Ration-Note" not in bytes(note.sealed)
    assert opened(personas.coordinator, complaint, note) == {
        "text": "Food-Ration-Note: passed to BETA's feedback line."
    }
    assert note.author == personas.coordinator
    (closed,) = events_on(complaint, Action.COMPLAINT_CLOSED)
    assert closed.data == {"reason": "forwarded", "organisation": str(personas.org_b.public_id)}
    assert "Food-Ration-Note" not in str(closed.data)


@pytest.mark.django_db
def test_it_needs_a_note_to_forward(personas):
    complaint = file_complaint()

    with pytest.raises(ApplicationError):
        _triage(
            personas.coordinator,
            complaint,
            classification=Classification.OTHER_MISCONDUCT,
            forward_to=personas.org_b,
            note="  ",
        )

    complaint.refresh_from_db()
    assert complaint.status == Status.NEW and complaint.forwarded_to is None
    assert not events_on(complaint, Action.COMPLAINT_TRIAGED)


@pytest.mark.django_db
def test_it_refuses_to_forward_an_sea_complaint(personas):
    complaint = file_complaint()

    with pytest.raises(ApplicationError, match="referred, not forwarded"):
        _triage(personas.coordinator, complaint, forward_to=personas.org_b, note="Forward it.")

    complaint.refresh_from_db()
    assert complaint.status == Status.NEW
    assert complaint.classification == Classification.UNCLASSIFIED
    assert not CaseNote.objects.exists()
    assert not events_on(complaint, Action.COMPLAINT_TRIAGED)


@pytest.mark.django_db
def test_it_refuses_a_closed_complaint(personas):
    complaint = file_complaint()
    _triage(
        personas.coordinator,
        complaint,
        classification=Classification.PROGRAMME_FEEDBACK,
        forward_to=personas.org_b,
        note="Forwarded.",
    )

    with pytest.raises(ApplicationError, match="closed"):
        _triage(personas.coordinator, complaint, classification=Classification.SEA)

    complaint.refresh_from_db()
    assert complaint.classification == Classification.PROGRAMME_FEEDBACK
    assert len(events_on(complaint, Action.COMPLAINT_TRIAGED)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("classification", ["", "unclassified", "gossip"])
def test_it_needs_a_real_classification(personas, classification):
    complaint = file_complaint()

    with pytest.raises(ApplicationError):
        _triage(personas.coordinator, complaint, classification=classification)

    assert not events_on(complaint, Action.COMPLAINT_TRIAGED)
