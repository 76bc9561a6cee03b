"""Closing a complaint as a duplicate names the complaint it duplicates by its reference: one the coordinator
can open, not itself, never a loop; the reason without a reference is refused. Both case pages show the link."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.services import user_private_key_unlock
from pseahub.accounts.tests.factories import PASSWORD
from pseahub.cases.models import ClosureReason, Complaint, Status
from pseahub.cases.services import complaint_close, complaint_grant_coordinator
from pseahub.core.exceptions import ApplicationError
from pseahub.vault import services as vault

from .helpers import file_complaint, text, user_with_role


@pytest.fixture
def pair(personas):
    return file_complaint(narrative="Original-Report"), file_complaint(narrative="Same-Events-Again")


@pytest.fixture
def coordinator(personas, unlocked_client_for):
    return unlocked_client_for(personas.coordinator)


def _close(personas, complaint, reference):
    return complaint_close(
        actor=personas.coordinator, complaint=complaint, reason=ClosureReason.DUPLICATE, duplicate_of=reference
    )


@pytest.mark.django_db
def test_closing_as_a_duplicate_from_the_page_links_both_records(personas, pair, coordinator):
    original, duplicate = pair

    response = coordinator.post(
        f"/cases/{duplicate.public_id}/close/",
        {"reason": "duplicate", "duplicate_of": original.reference.lower()},
        follow=True,
    )

    page = text(response)
    assert "Complaint closed." in page
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of) == (Status.CLOSED, original)
    assert f'href="/cases/{original.public_id}/" class="reference">{original.reference}</a>' in page
    original_page = text(coordinator.get(f"/cases/{original.public_id}/"))
    assert "Duplicates" in original_page
    assert f'href="/cases/{duplicate.public_id}/" class="reference">{duplicate.reference}</a>' in original_page


@pytest.mark.django_db
def test_the_duplicate_reason_without_a_reference_is_refused_beside_the_field(personas, pair, coordinator):
    _original, duplicate = pair

    response = coordinator.post(f"/cases/{duplicate.public_id}/close/", {"reason": "duplicate"})

    page = text(response)
    assert response.status_code == 200
    assert 'id="close-complaint-duplicate_of_error"' in page
    assert "Give the reference of the complaint this one duplicates." in page
    assert Complaint.objects.get(pk=duplicate.pk).status != Status.CLOSED
    with pytest.raises(ApplicationError, match="give that complaint's reference"):
        _close(personas, duplicate, "")


@pytest.mark.django_db
def test_an_unknown_or_unopenable_reference_is_refused(personas, pair, coordinator):
    _original, duplicate = pair
    hidden = file_complaint(narrative="Hidden-From-Coordinator")
    vault.grant_revoke(keyring=hidden.keyring, user=personas.coordinator)

    for reference in ("PSEA-1999-99999", hidden.reference):
        response = coordinator.post(
            f"/cases/{duplicate.public_id}/close/", {"reason": "duplicate", "duplicate_of": reference}
        )
        assert f"No complaint you can open has the reference {reference}." in text(response)

    assert Complaint.objects.get(pk=duplicate.pk).status != Status.CLOSED


@pytest.mark.django_db
def test_itself_and_loops_are_refused(personas, pair):
    original, duplicate = pair
    with pytest.raises(ApplicationError, match="duplicate of itself"):
        _close(personas, duplicate, duplicate.reference)

    _close(personas, duplicate, original.reference)

    with pytest.raises(ApplicationError, match="loop"):
        _close(personas, Complaint.objects.get(pk=original.pk), duplicate.reference)
    assert Complaint.objects.get(pk=original.pk).status != Status.CLOSED


@pytest.mark.django_db
def test_a_reference_with_another_reason_is_refused(personas, pair):
    original, duplicate = pair

    with pytest.raises(ApplicationError, match="only when closing this one as a duplicate"):
        complaint_close(
            actor=personas.coordinator, complaint=duplicate, reason="withdrawn", duplicate_of=original.reference
        )


@pytest.mark.django_db
def test_a_coordinator_who_cannot_open_the_original_sees_its_reference_unlinked(personas, pair, unlocked_client_for):
    original, duplicate = pair
    _close(personas, duplicate, original.reference)
    other = user_with_role("other.coordinator@example.org", Role.COORDINATOR)
    complaint_grant_coordinator(
        actor=personas.coordinator,
        complaint=duplicate,
        actor_private=user_private_key_unlock(user=personas.coordinator, password=PASSWORD),
        user=other,
    )

    page = text(unlocked_client_for(other).get(f"/cases/{duplicate.public_id}/"))

    assert f'<span class="reference">{original.reference}</span>' in page
    assert f"/cases/{original.public_id}/" not in page
