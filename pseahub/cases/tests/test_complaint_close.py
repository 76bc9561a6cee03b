"""complaint_close: closing needs a reason ("other" needs a note); the network's retention period starts
(retention_until = closed_at + retention_days); "outcome reached" waits for the open referrals; audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.audit.models import Action
from pseahub.cases.models import CaseNote, ClosureReason, Status
from pseahub.cases.services import complaint_close, complaint_triage
from pseahub.core.exceptions import ApplicationError
from pseahub.referrals.services import referral_acknowledge, referral_close, referral_revoke
from pseahub.referrals.tests.helpers import events_on, network, refer, sea_complaint, sign_in, submit, term, text

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_it_closes_with_a_reason_and_starts_the_retention_clock(personas):
    network(retention_days=365)
    complaint = sea_complaint(personas)
    original = sea_complaint(personas)

    with time_machine.travel(NOW, tick=False):
        complaint_close(
            actor=personas.coordinator,
            complaint=complaint,
            reason=ClosureReason.DUPLICATE,
            duplicate_of=original.reference,
        )

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.closure_reason == ClosureReason.DUPLICATE
    assert complaint.closed_at == NOW
    assert complaint.retention_until == NOW + dt.timedelta(days=365)
    (event,) = events_on(complaint, Action.COMPLAINT_CLOSED)
    assert event.actor == personas.coordinator
    assert event.data == {"reason": "duplicate", "duplicate_of": original.reference}
    assert complaint.duplicate_of == original


@pytest.mark.django_db
def test_the_default_retention_is_five_years(personas):
    complaint = sea_complaint(personas)

    with time_machine.travel(NOW, tick=False):
        complaint_close(actor=personas.coordinator, complaint=complaint, reason=ClosureReason.WITHDRAWN)

    complaint.refresh_from_db()
    assert complaint.retention_until == NOW + dt.timedelta(days=5 * 365)


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "because", "forwarded "])
def test_it_needs_a_known_reason(personas, reason):
    complaint = sea_complaint(personas)

    with pytest.raises(ApplicationError) as error:
        complaint_close(actor=personas.coordinator, complaint=complaint, reason=reason)

    assert error.value.message == "Choose why the complaint is closed."
    complaint.refresh_from_db()
    assert complaint.status != Status.CLOSED
    assert complaint.retention_until is None
    assert events_on(complaint, Action.COMPLAINT_CLOSED) == []


@pytest.mark.django_db
def test_other_needs_a_note_which_is_sealed(personas):
    complaint = sea_complaint(personas)
    notes = CaseNote.objects.filter(complaint=complaint).count()

    with pytest.raises(ApplicationError, match="Say in the note why the complaint is closed"):
        complaint_close(actor=personas.coordinator, complaint=complaint, reason=ClosureReason.OTHER, note="  ")
    complaint_close(
        actor=personas.coordinator, complaint=complaint, reason=ClosureReason.OTHER, note="Survivor relocated abroad."
    )

    complaint.refresh_from_db()
    assert complaint.closure_reason == ClosureReason.OTHER
    note = CaseNote.objects.filter(complaint=complaint).latest("pk")
    assert CaseNote.objects.filter(complaint=complaint).count() == notes + 1
    assert b"relocated" not in bytes(note.sealed)
    assert "relocated" not in str(events_on(complaint, Action.COMPLAINT_CLOSED)[0].data)


@pytest.mark.django_db
def test_outcome_reached_waits_for_the_open_referrals(personas):
    complaint = sea_complaint(personas)
    referral = refer(personas, complaint)

    with pytest.raises(ApplicationError, match="Some referrals are still open"):
        complaint_close(actor=personas.coordinator, complaint=complaint, reason=ClosureReason.OUTCOME_REACHED)

    referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    referral_close(actor=personas.focal_point_a, referral=referral, outcome=term("outcome", "substantiated"))
    complaint_close(actor=personas.coordinator, complaint=complaint, reason=ClosureReason.OUTCOME_REACHED)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


@pytest.mark.django_db
def test_a_revoked_referral_does_not_hold_the_closure(personas):
    complaint = sea_complaint(personas)
    referral_revoke(actor=personas.coordinator, referral=refer(personas, complaint))

    complaint_close(actor=personas.coordinator, complaint=complaint, reason=ClosureReason.OUTCOME_REACHED)

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


@pytest.mark.django_db
def test_a_closed_complaint_cannot_be_closed_again(personas):
    complaint = sea_complaint(personas)
    original = sea_complaint(personas)
    complaint_close(
        actor=personas.coordinator, complaint=complaint, reason=ClosureReason.DUPLICATE, duplicate_of=original.reference
    )
    first = Status.CLOSED, complaint.retention_until

    with pytest.raises(ApplicationError, match="already closed"):
        complaint_close(actor=personas.coordinator, complaint=complaint, reason=ClosureReason.WITHDRAWN)

    complaint.refresh_from_db()
    assert (complaint.status, complaint.retention_until) == first
    assert complaint.closure_reason == ClosureReason.DUPLICATE
    assert len(events_on(complaint, Action.COMPLAINT_CLOSED)) == 1


@pytest.mark.django_db
def test_the_coordinator_closes_from_the_case_page(personas):
    complaint = sea_complaint(personas)
    client = sign_in(personas.coordinator)

    refused = client.post(f"/cases/{complaint.public_id}/close/", {"reason": "other", "note": ""}, follow=True)
    assert "Say in the note why the complaint is closed." in text(refused)
    response = client.post(f"/cases/{complaint.public_id}/close/", {"reason": "withdrawn"}, follow=True)

    assert response.redirect_chain == [(f"/cases/{complaint.public_id}/", 302)]
    assert "Complaint closed. The retention period has started." in text(response)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.closure_reason == ClosureReason.WITHDRAWN


@pytest.mark.django_db
def test_forwarding_a_non_sea_complaint_is_a_closure_with_its_retention_clock(personas):
    network(retention_days=90)
    complaint = submit(narrative="The food basket was short.").complaint

    with time_machine.travel(NOW, tick=False):
        complaint_triage(
            actor=personas.coordinator,
            complaint=complaint,
            classification="programme_feedback",
            complainant_type="anonymous",
            is_urgent=False,
            involves_child=False,
            forward_to=personas.org_b,
            note="Sent to Beta's feedback line.",
        )

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.closure_reason == ClosureReason.FORWARDED
    assert complaint.closed_at == NOW
    assert complaint.retention_until == NOW + dt.timedelta(days=90)
    assert events_on(complaint, Action.COMPLAINT_CLOSED)[0].data == {
        "reason": "forwarded",
        "organisation": str(personas.org_b.public_id),
    }
