"""Keys follow roles: taking a role away (or deactivating the account) deletes the key grants that role gave, at
once, keeping those another role still held entitles to; and a re-grant after a password reset reaches only
people who hold, now, a role that entitles them."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant, role_revoke, user_password_reset, user_set_active
from pseahub.audit.models import Action
from pseahub.cases.services import keys_regrant
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.vault import services as vault
from pseahub.vault.models import GrantKind, KeyGrant

from .helpers import events, private_key, refer, refer_assistance, sea_complaint, sign_in, submit

NEW_PASSWORD = "Otter-Lantern-Seventy-9"


def grants_of(user) -> set[int]:
    return set(KeyGrant.objects.filter(user=user, kind=GrantKind.USER).values_list("keyring_id", flat=True))


@pytest.fixture
def second(personas):
    """A second coordinator: on every complaint filed after this, like the first."""
    from pseahub.accounts.tests.factories import UserFactory

    user = UserFactory(email="coordinator2@example.org")
    role_grant(actor=None, user=user, role=Role.COORDINATOR)
    return user


@pytest.mark.django_db
def test_a_revoked_coordinator_loses_every_complaint_and_referral_grant(personas, second):
    complaint = sea_complaint(personas)
    referral = refer(personas, complaint)
    assert grants_of(second) == {complaint.keyring_id, referral.keyring_id}
    client = sign_in(second)

    role_revoke(actor=personas.admin, user=second, role=Role.COORDINATOR)

    assert grants_of(second) == set()
    assert grants_of(personas.coordinator) == {complaint.keyring_id, referral.keyring_id}
    (event,) = events(Action.ROLE_REVOKED, target_id=str(second.public_id))
    assert event.data == {"role": "coordinator", "organisation": None, "key_grants_withdrawn": 2}
    # Even with the role given back, the old session's key opens nothing until a coordinator grants it again.
    role_grant(actor=personas.admin, user=second, role=Role.COORDINATOR)
    assert client.get(f"/cases/{complaint.public_id}/").status_code == 404


@pytest.mark.django_db
def test_a_grant_another_role_still_entitles_to_is_kept(personas, second):
    role_grant(actor=None, user=second, role=Role.FOCAL_POINT, organisation=personas.org_a)
    complaint = sea_complaint(personas)
    referral = refer(personas, complaint)  # to org A: second receives it as its focal point too
    other = refer(personas, sea_complaint(personas, organisation=personas.org_b))

    role_revoke(actor=personas.admin, user=second, role=Role.COORDINATOR)

    assert grants_of(second) == {referral.keyring_id}
    assert other.keyring_id not in grants_of(second)
    (event,) = events(Action.ROLE_REVOKED, target_id=str(second.public_id))
    assert event.data["key_grants_withdrawn"] == 3  # two complaints and the referral to org B


@pytest.mark.django_db
def test_a_focal_point_loses_only_the_referrals_of_that_organisation(personas):
    role_grant(actor=None, user=personas.focal_point_a, role=Role.FOCAL_POINT, organisation=personas.org_b)
    to_a = refer(personas, sea_complaint(personas))
    to_b = refer(personas, sea_complaint(personas, organisation=personas.org_b))
    client = sign_in(personas.focal_point_a)
    assert client.get(f"/referrals/{to_a.public_id}/").status_code == 200

    role_revoke(actor=personas.admin, user=personas.focal_point_a, role=Role.FOCAL_POINT, organisation=personas.org_a)

    assert grants_of(personas.focal_point_a) == {to_b.keyring_id}
    assert client.get(f"/referrals/{to_a.public_id}/").status_code == 404
    (event,) = events(Action.ROLE_REVOKED, target_id=str(personas.focal_point_a.public_id))
    assert event.data == {
        "role": "focal_point",
        "organisation": str(personas.org_a.public_id),
        "key_grants_withdrawn": 1,
    }


@pytest.mark.django_db
def test_a_service_provider_loses_its_assistance_referrals(personas):
    referral = refer_assistance(
        personas, sea_complaint(personas, consents=("services",)), ServiceFactory(provider=personas.org_a)
    )
    assert grants_of(personas.provider) == {referral.keyring_id}

    role_revoke(actor=personas.admin, user=personas.provider, role=Role.SERVICE_PROVIDER, organisation=personas.org_a)

    assert grants_of(personas.provider) == set()
    assert KeyGrant.objects.filter(keyring=referral.keyring, user=personas.coordinator).exists()


@pytest.mark.django_db
def test_deactivation_deletes_every_grant_and_counts_them(personas, second):
    complaint = submit().complaint

    user_set_active(actor=personas.admin, user=second, is_active=False)

    assert grants_of(second) == set()
    assert complaint.keyring_id in grants_of(personas.coordinator)
    (event,) = events(Action.USER_DEACTIVATED, target_id=str(second.public_id))
    assert event.data == {"key_grants_withdrawn": 1}


@pytest.mark.django_db
def test_a_regrant_never_reaches_an_ex_coordinator(personas, second):
    """A grant left behind (revoked before this rule, or by a direct database change) and a password reset:
    the coordinator's re-grant must not give the key back to someone who no longer holds the role."""
    complaint = submit().complaint
    second.role_assignments.all().delete()  # the role gone, the grant left behind
    user_password_reset(actor=None, user=second, new_password=NEW_PASSWORD)
    client = sign_in(personas.coordinator)

    listing = client.get("/cases/keys/").content.decode()
    count = keys_regrant(actor=personas.coordinator, actor_private=private_key(personas.coordinator))

    assert second.email not in listing and complaint.reference not in listing
    assert count == 0
    grant = KeyGrant.objects.get(keyring=complaint.keyring, user=second)
    assert bytes(grant.recipient_public_key) != bytes(second.public_key)  # still the dead, old wrap
    assert not events(Action.KEYS_REGRANTED)


@pytest.mark.django_db
def test_a_regrant_never_reaches_a_deactivated_coordinator(personas, second):
    complaint = submit().complaint
    user_password_reset(actor=None, user=second, new_password=NEW_PASSWORD)
    second.__class__.objects.filter(pk=second.pk).update(is_active=False)  # grants left behind

    assert keys_regrant(actor=personas.coordinator, actor_private=private_key(personas.coordinator)) == 0
    with pytest.raises(vault.NoGrantError):
        vault.keyring_open_for_user(
            keyring=complaint.keyring, user=second, user_private=private_key(second, NEW_PASSWORD)
        )


@pytest.mark.django_db
def test_a_regrant_reaches_the_referral_s_current_focal_point_only(personas):
    referral = refer(personas, sea_complaint(personas))
    user_password_reset(actor=None, user=personas.focal_point_a, new_password=NEW_PASSWORD)
    user_password_reset(actor=None, user=personas.focal_point_b, new_password=NEW_PASSWORD)
    # Focal point B was never org A's, yet holds a stale grant on its referral (e.g. a direct database change).
    KeyGrant.objects.create(
        keyring=referral.keyring,
        kind=GrantKind.USER,
        user=personas.focal_point_b,
        recipient_public_key=b"\0" * 32,
        wrapped_private_key=b"stale",
    )

    keys_regrant(actor=personas.coordinator, actor_private=private_key(personas.coordinator))

    for user, opens in ((personas.focal_point_a, True), (personas.focal_point_b, False)):
        grant = KeyGrant.objects.get(keyring=referral.keyring, user=user)
        assert (bytes(grant.recipient_public_key) == bytes(user.public_key)) is opens


@pytest.mark.django_db
def test_the_periodic_tidy_withdraws_a_grant_made_after_the_role_went(personas, second):
    """Another web process granted a new complaint to the coordinators it read a few seconds earlier, after the
    role was taken away here: the periodic tidy (accounts.periodic) deletes that grant."""
    from pseahub.accounts.tasks import key_grants_tidy

    role_revoke(actor=personas.admin, user=second, role=Role.COORDINATOR)
    complaint = submit().complaint
    keyring_private = vault.keyring_open_for_user(
        keyring=complaint.keyring, user=personas.coordinator, user_private=private_key(personas.coordinator)
    )
    vault.grant_user(keyring=complaint.keyring, keyring_private=keyring_private, user=second, granted_by=None)

    result = key_grants_tidy.enqueue()

    assert result.return_value == {"grants_withdrawn": 1}
    assert grants_of(second) == set()
    assert complaint.keyring_id in grants_of(personas.coordinator)
    (event,) = events(Action.KEY_REVOKED, target_id=str(second.public_id))
    assert event.data == {"key_grants_withdrawn": 1, "reason": "no_entitling_role"}
    assert key_grants_tidy.enqueue().return_value == {"grants_withdrawn": 0}
