"""role_grant / role_revoke: who holds which role, the admin-site flag that follows it, and the audit rows."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role, RoleAssignment
from pseahub.accounts.services import role_grant, role_revoke
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action
from pseahub.core.exceptions import ApplicationError
from pseahub.network.tests.factories import OrganisationFactory

from .helpers import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    user = UserFactory(email="granter@example.org")
    role_grant(actor=None, user=user, role=Role.NETWORK_ADMIN)
    return user


@pytest.fixture
def user():
    return UserFactory(email="grantee@example.org")


@pytest.fixture
def org():
    return OrganisationFactory(name="Gamma Help", acronym="GAMMA")


def _roles(user) -> set[tuple[str, int | None]]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", "organisation_id"))


def test_it_grants_a_network_role_and_records_it(admin_user, user):
    role_grant(actor=admin_user, user=user, role=Role.COORDINATOR)

    assert _roles(user) == {(Role.COORDINATOR, None)}
    assert user.is_coordinator
    (granted,) = events(Action.ROLE_GRANTED, target_id=str(user.public_id))
    assert granted.actor_id == admin_user.pk
    assert granted.data == {"role": "coordinator", "organisation": None}


def test_it_records_a_grant_only_once(admin_user, user):
    role_grant(actor=admin_user, user=user, role=Role.ANALYST)
    role_grant(actor=admin_user, user=user, role=Role.ANALYST)

    assert _roles(user) == {(Role.ANALYST, None)}
    assert len(events(Action.ROLE_GRANTED, target_id=str(user.public_id))) == 1


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.SERVICE_PROVIDER])
def test_it_refuses_an_organisation_role_without_an_organisation(admin_user, user, role):
    with pytest.raises(ApplicationError) as raised:
        role_grant(actor=admin_user, user=user, role=role)

    assert raised.value.message == "A focal point or service provider must belong to an organisation."
    assert _roles(user) == set()
    assert not events(Action.ROLE_GRANTED, target_id=str(user.public_id))


def test_it_grants_a_focal_point_for_one_organisation(admin_user, user, org):
    role_grant(actor=admin_user, user=user, role=Role.FOCAL_POINT, organisation=org)

    assert _roles(user) == {(Role.FOCAL_POINT, org.pk)}
    assert user.organisation_ids(Role.FOCAL_POINT) == {org.pk}
    (granted,) = events(Action.ROLE_GRANTED, target_id=str(user.public_id))
    assert granted.data == {"role": "focal_point", "organisation": str(org.public_id)}


def test_it_ignores_an_organisation_given_with_a_network_role(admin_user, user, org):
    role_grant(actor=admin_user, user=user, role=Role.COORDINATOR, organisation=org)

    assert _roles(user) == {(Role.COORDINATOR, None)}


def test_it_gives_admin_site_access_with_the_network_admin_role_and_takes_it_back(admin_user, user):
    assert not user.is_staff

    role_grant(actor=admin_user, user=user, role=Role.NETWORK_ADMIN)
    user.refresh_from_db()
    assert user.is_staff
    assert user.is_network_admin

    role_revoke(actor=admin_user, user=user, role=Role.NETWORK_ADMIN)
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.is_network_admin


def test_it_gives_no_admin_site_access_with_other_roles(admin_user, user, org):
    for role in [Role.COORDINATOR, Role.OPERATOR, Role.ANALYST]:
        role_grant(actor=admin_user, user=user, role=role)
    role_grant(actor=admin_user, user=user, role=Role.FOCAL_POINT, organisation=org)

    user.refresh_from_db()
    assert not user.is_staff


def test_it_revokes_a_role_and_records_it(admin_user, user):
    role_grant(actor=admin_user, user=user, role=Role.OPERATOR)
    assert user.has_role(Role.OPERATOR)

    role_revoke(actor=admin_user, user=user, role=Role.OPERATOR)

    assert _roles(user) == set()
    assert not user.has_role(Role.OPERATOR)  # the same object forgets its cached roles
    (revoked,) = events(Action.ROLE_REVOKED, target_id=str(user.public_id))
    assert revoked.actor_id == admin_user.pk
    assert revoked.data == {"role": "operator", "organisation": None, "key_grants_withdrawn": 0}


def test_it_records_nothing_when_revoking_a_role_not_held(admin_user, user):
    role_revoke(actor=admin_user, user=user, role=Role.COORDINATOR)

    assert not events(Action.ROLE_REVOKED)


def test_it_revokes_a_focal_point_for_one_organisation_only(admin_user, user, org):
    other = OrganisationFactory(name="Delta Care", acronym="DELTA")
    role_grant(actor=admin_user, user=user, role=Role.FOCAL_POINT, organisation=org)
    role_grant(actor=admin_user, user=user, role=Role.FOCAL_POINT, organisation=other)

    role_revoke(actor=admin_user, user=user, role=Role.FOCAL_POINT, organisation=org)

    assert _roles(user) == {(Role.FOCAL_POINT, other.pk)}
    (revoked,) = events(Action.ROLE_REVOKED)
    assert revoked.data == {"role": "focal_point", "organisation": str(org.public_id), "key_grants_withdrawn": 0}


def test_it_revokes_a_network_role_even_when_an_organisation_is_named(admin_user, user, org):
    role_grant(actor=admin_user, user=user, role=Role.COORDINATOR, organisation=org)

    role_revoke(actor=admin_user, user=user, role=Role.COORDINATOR, organisation=org)

    assert _roles(user) == set()
    assert len(events(Action.ROLE_REVOKED)) == 1


def test_it_gives_a_deactivated_user_no_role(admin_user, user):
    role_grant(actor=admin_user, user=user, role=Role.COORDINATOR)
    user.is_active = False

    assert not user.is_coordinator
