"""The readers of new complaints (coordinators, recovery key) are read once every few seconds per process: a
change made in this process applies to the next complaint at once, one made elsewhere (here: without the
ORM's signals) within READERS_TTL seconds. Transactional tests, since nothing is kept inside a transaction."""

from __future__ import annotations

import time

import pytest

from pseahub.accounts.models import Role, RoleAssignment
from pseahub.accounts.services import role_grant, role_revoke
from pseahub.core import refdata
from pseahub.core.refdata import READERS_TTL
from pseahub.vault.models import GrantKind, KeyGrant, RecoveryKey
from pseahub.vault.services import recovery_key_create

from .helpers import file_complaint, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def granted_users(complaint) -> set[str]:
    grants = KeyGrant.objects.filter(keyring=complaint.keyring, kind=GrantKind.USER).select_related("user")
    return {grant.user.email for grant in grants}


def recovery_key_of(complaint) -> bytes:
    grant = KeyGrant.objects.get(keyring=complaint.keyring, kind=GrantKind.RECOVERY)
    return bytes(grant.recipient_public_key)


@pytest.fixture
def coordinator():
    return user_with_role("coordinator@example.org", Role.COORDINATOR)


def test_a_coordinator_appointed_here_gets_the_next_complaint(coordinator):
    file_complaint()
    newcomer = user_with_role("newcomer@example.org")
    role_grant(actor=None, user=newcomer, role=Role.COORDINATOR)

    assert granted_users(file_complaint()) == {"coordinator@example.org", "newcomer@example.org"}


def test_a_coordinator_removed_here_does_not_get_the_next_complaint(coordinator):
    leaving = user_with_role("leaving@example.org", Role.COORDINATOR)
    assert granted_users(file_complaint()) == {"coordinator@example.org", "leaving@example.org"}

    role_revoke(actor=None, user=leaving, role=Role.COORDINATOR)

    assert granted_users(file_complaint()) == {"coordinator@example.org"}


def test_a_change_made_elsewhere_applies_within_the_ttl(coordinator, monkeypatch):
    leaving = user_with_role("leaving@example.org", Role.COORDINATOR)
    file_complaint()
    # As another process would: no signal reaches this one.
    RoleAssignment.objects.filter(user=leaving).update(role=Role.ANALYST)

    assert "leaving@example.org" in granted_users(file_complaint())

    later = time.monotonic() + READERS_TTL + 1
    monkeypatch.setattr(refdata, "monotonic", lambda: later)
    assert granted_users(file_complaint()) == {"coordinator@example.org"}


def test_a_new_recovery_key_made_here_wraps_the_next_complaint(coordinator):
    recovery_key_create()
    first = RecoveryKey.objects.get(is_active=True)
    assert recovery_key_of(file_complaint()) == bytes(first.public_key)

    recovery_key_create()

    second = RecoveryKey.objects.get(is_active=True)
    assert second.pk != first.pk
    assert recovery_key_of(file_complaint()) == bytes(second.public_key)
