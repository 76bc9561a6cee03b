"""referral_grants_withdraw_lapsed: a focal point who is deactivated (profile or account) or loses the role
keeps no grant on open referrals. The role services withdraw the grants at once (``accounts.keyaccess``); this
periodic task is the net for grants left behind outside them (a direct database change, data from before), each
withdrawal audited. It runs with the deadline check every five minutes."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_revoke, user_set_active
from pseahub.audit.models import Action
from pseahub.network.services import focal_point_create, focal_point_update
from pseahub.referrals.selectors import referral_recipients_without_grant
from pseahub.referrals.services import (
    referral_acknowledge,
    referral_close,
    referral_grants_withdraw_lapsed,
    referral_progress,
)
from pseahub.referrals.tasks import deadlines_check
from pseahub.vault.models import GrantKind, KeyGrant

from .helpers import events_on, refer, sea_complaint, sign_in, term


def readers(referral) -> set[int]:
    return set(KeyGrant.objects.filter(keyring=referral.keyring, kind=GrantKind.USER).values_list("user", flat=True))


@pytest.fixture
def profile(personas):
    """Focal point A's profile in the network directory (the admin deactivates profiles, not roles)."""
    return focal_point_create(
        actor=personas.admin, organisation=personas.org_a, name="Focal A", user=personas.focal_point_a
    )


def role_left_behind(user) -> None:
    """Take the role away behind the services' back (a direct database change, or a role revoked before roles
    took their key grants with them): the grant is left behind for this task to find."""
    user.role_assignments.all().delete()


@pytest.mark.django_db
def test_a_deactivated_focal_point_profile_takes_the_grant_at_once(personas, profile):
    referral = refer(personas, sea_complaint(personas))
    focal_point = sign_in(personas.focal_point_a)
    assert focal_point.get(f"/referrals/{referral.public_id}/").status_code == 200

    focal_point_update(actor=personas.admin, focal_point=profile, is_active=False)

    assert readers(referral) == {personas.coordinator.pk}
    assert focal_point.get(f"/referrals/{referral.public_id}/").status_code == 404
    assert referral_grants_withdraw_lapsed() == 0  # nothing left behind for the periodic task


@pytest.mark.django_db
def test_a_grant_left_behind_is_withdrawn_and_audited(personas):
    referral = refer(personas, sea_complaint(personas))
    role_left_behind(personas.focal_point_a)

    withdrawn = referral_grants_withdraw_lapsed()

    assert withdrawn == 1
    assert readers(referral) == {personas.coordinator.pk}
    (event,) = events_on(referral.complaint, Action.KEY_REVOKED)
    assert event.actor is None  # the system, on the deadline check's clock
    assert event.data == {
        "referral": str(referral.public_id),
        "user": str(personas.focal_point_a.public_id),
        "reason": "not_a_recipient",
    }
    # Nothing more to do on a second run.
    assert referral_grants_withdraw_lapsed() == 0
    assert len(events_on(referral.complaint, Action.KEY_REVOKED)) == 1


@pytest.mark.django_db
def test_a_deactivated_account_or_a_removed_role_loses_the_grant(personas):
    referral = refer(personas, sea_complaint(personas))
    other = refer(personas, sea_complaint(personas, organisation=personas.org_b))

    user_set_active(actor=personas.admin, user=personas.focal_point_a, is_active=False)
    role_revoke(actor=personas.admin, user=personas.focal_point_b, role=Role.FOCAL_POINT, organisation=personas.org_b)

    assert readers(referral) == {personas.coordinator.pk}
    assert readers(other) == {personas.coordinator.pk}
    assert referral_grants_withdraw_lapsed(actor=personas.admin) == 0


@pytest.mark.django_db
def test_current_recipients_and_coordinators_keep_their_grants(personas):
    referral = refer(personas, sea_complaint(personas))

    assert referral_grants_withdraw_lapsed() == 0
    assert readers(referral) == {personas.coordinator.pk, personas.focal_point_a.pk}


@pytest.mark.django_db
def test_only_open_referrals_are_tidied(personas):
    referral = refer(personas, sea_complaint(personas))
    referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    referral_progress(actor=personas.focal_point_a, referral=referral, note="Investigation opened.")
    referral_close(actor=personas.focal_point_a, referral=referral, outcome=term("outcome", "substantiated"))
    role_left_behind(personas.focal_point_a)

    assert referral_grants_withdraw_lapsed() == 0
    assert personas.focal_point_a.pk in readers(referral)


@pytest.mark.django_db
def test_a_reactivated_focal_point_waits_for_the_coordinator_again(personas, profile):
    referral = refer(personas, sea_complaint(personas))
    focal_point_update(actor=personas.admin, focal_point=profile, is_active=False)
    referral_grants_withdraw_lapsed()

    focal_point_update(actor=personas.admin, focal_point=profile, is_active=True)

    (gap,) = referral_recipients_without_grant(actor=personas.coordinator)
    assert (gap.referral, gap.users) == (referral, [personas.focal_point_a])


@pytest.mark.django_db
def test_the_deadline_check_withdraws_lapsed_grants(personas):
    referral = refer(personas, sea_complaint(personas))
    role_left_behind(personas.focal_point_a)

    result = deadlines_check.enqueue()

    assert result.return_value["grants_withdrawn"] == 1
    assert readers(referral) == {personas.coordinator.pk}
