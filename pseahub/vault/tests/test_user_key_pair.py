"""Each user's key pair: made with the account, re-wrapped on a password change, replaced on a reset."""

from __future__ import annotations

import pytest
from django.conf import settings

from pseahub.accounts import services
from pseahub.accounts.models import User
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.core.exceptions import ApplicationError
from pseahub.vault.crypto import VaultError, seal, unseal

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-pass-phrase"


def _private(user: User, password: str) -> bytes:
    private = services.user_private_key_unlock(user=user, password=password)
    assert private is not None
    return private


def test_it_gives_a_new_user_a_key_pair_wrapped_under_the_password():
    user = UserFactory(email="keyed@example.org")

    user.refresh_from_db()
    assert len(bytes(user.public_key)) == 32
    assert user.key_created_at is not None
    assert (user.private_key_opslimit, user.private_key_memlimit) == (
        settings.VAULT_ARGON2_OPSLIMIT,
        settings.VAULT_ARGON2_MEMLIMIT,
    )
    sealed = seal(bytes(user.public_key), b"for this user")
    assert unseal(_private(user, PASSWORD), sealed) == b"for this user"
    with pytest.raises(VaultError):
        services.user_private_key_unlock(user=user, password="not-the-password")


def test_it_gives_no_key_pair_to_a_user_without_a_password():
    user = services.user_create(actor=None, email="nopass@example.org", password=None)

    assert not user.has_usable_password()
    assert user.public_key is None
    assert services.user_private_key_unlock(user=user, password="") is None


def test_it_rewraps_the_same_key_pair_on_a_password_change():
    user = UserFactory(email="changer@example.org")
    sealed_before = seal(bytes(user.public_key), b"sealed before")
    public_before, salt_before = bytes(user.public_key), bytes(user.private_key_salt)

    services.user_password_change(user=user, old_password=PASSWORD, new_password=NEW_PASSWORD)

    user.refresh_from_db()
    assert bytes(user.public_key) == public_before
    assert bytes(user.private_key_salt) != salt_before
    assert unseal(_private(user, NEW_PASSWORD), sealed_before) == b"sealed before"
    with pytest.raises(VaultError):
        services.user_private_key_unlock(user=user, password=PASSWORD)
    (event,) = AuditEvent.objects.filter(action=Action.PASSWORD_CHANGED)
    assert event.actor_id == user.pk


def test_it_changes_nothing_for_a_wrong_current_password():
    user = UserFactory(email="wrong@example.org")
    wrapped_before = bytes(user.private_key_wrapped)

    with pytest.raises(ApplicationError):
        services.user_password_change(user=user, old_password="not-it-at-all", new_password=NEW_PASSWORD)

    user.refresh_from_db()
    assert bytes(user.private_key_wrapped) == wrapped_before
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_CHANGED).exists()


def test_it_gives_a_new_key_pair_on_a_password_reset_so_old_sealed_data_no_longer_opens():
    admin = UserFactory(email="resetter@example.org")
    user = UserFactory(email="forgetful@example.org")
    sealed_before = seal(bytes(user.public_key), b"sealed for the old key")
    public_before, stamp_before = bytes(user.public_key), user.security_stamp

    services.user_password_reset(actor=admin, user=user, new_password=NEW_PASSWORD)

    user.refresh_from_db()
    assert bytes(user.public_key) != public_before
    assert user.security_stamp != stamp_before  # every session ends
    new_private = _private(user, NEW_PASSWORD)
    with pytest.raises(VaultError):
        unseal(new_private, sealed_before)
    assert unseal(new_private, seal(bytes(user.public_key), b"sealed after")) == b"sealed after"
    (event,) = AuditEvent.objects.filter(action=Action.PASSWORD_RESET)
    assert event.actor_id == admin.pk
    assert event.target_id == str(user.public_id)


def test_it_refuses_a_weak_password_on_reset():
    user = UserFactory(email="weak@example.org")
    public_before = bytes(user.public_key)

    with pytest.raises(ApplicationError):
        services.user_password_reset(actor=None, user=user, new_password="123456789012")

    user.refresh_from_db()
    assert bytes(user.public_key) == public_before
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_RESET).exists()


def test_it_keeps_no_private_key_in_clear_on_the_user_row():
    user = UserFactory(email="row@example.org")
    private = _private(user, PASSWORD)

    row = User.objects.filter(pk=user.pk).values().get()

    for value in row.values():
        if isinstance(value, bytes | memoryview):
            assert private not in bytes(value)
