"""The login password hash costs as much to attack as the private-key wrap the same password protects: the
configured hasher uses the vault's Argon2id passes and memory (whatever they are set to), and an older hash is
re-hashed at that cost at the next sign-in."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, get_hasher
from django.test import override_settings

from pseahub.accounts.hashers import VaultArgon2PasswordHasher
from pseahub.accounts.models import User
from pseahub.accounts.services import user_private_key_unlock
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.audit.models import Action, AuditEvent

from .helpers import LOGIN_URL, WRONG_LOGIN, authenticator

pytestmark = pytest.mark.django_db


def argon2_cost(encoded: str) -> tuple[str, int, int, int]:
    """(variety, passes, memory in bytes, lanes) of a stored Argon2 hash."""
    decoded = get_hasher("argon2").decode(encoded)
    return decoded["variety"], decoded["time_cost"], decoded["memory_cost"] * 1024, decoded["parallelism"]


def test_the_login_hash_and_the_key_wrap_cost_the_same():
    user = UserFactory()

    assert get_hasher("default").algorithm == "argon2"
    assert argon2_cost(user.password) == ("argon2id", user.private_key_opslimit, user.private_key_memlimit, 1)


@override_settings(VAULT_ARGON2_OPSLIMIT=2, VAULT_ARGON2_MEMLIMIT=64 * 1024)
def test_the_hash_follows_the_vault_cost_when_it_changes():
    user = UserFactory()

    assert argon2_cost(user.password) == ("argon2id", 2, 64 * 1024, 1)
    assert (user.private_key_opslimit, user.private_key_memlimit) == (2, 64 * 1024)
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + "x")


def test_an_older_hash_is_upgraded_at_the_next_sign_in(client):
    user = UserFactory()
    authenticator(user)
    # A hash as Django's own Argon2 hasher wrote it before (its defaults: 2 passes, 100 MiB, 8 lanes).
    old = Argon2PasswordHasher()
    User.objects.filter(pk=user.pk).update(password=old.encode(PASSWORD, old.salt()))

    wrong = client.post(LOGIN_URL, {"username": user.email, "password": "not-the-password"})
    assert WRONG_LOGIN in wrong.content.decode()
    user.refresh_from_db()
    assert argon2_cost(user.password) == ("argon2id", 2, 100 * 1024 * 1024, 8)  # untouched by a wrong guess

    response = client.post(LOGIN_URL, {"username": user.email, "password": PASSWORD})

    assert response.status_code == 302
    user.refresh_from_db()
    assert argon2_cost(user.password) == ("argon2id", user.private_key_opslimit, user.private_key_memlimit, 1)
    assert user.check_password(PASSWORD)
    assert user_private_key_unlock(user=user, password=PASSWORD) is not None


def test_a_hash_at_the_current_cost_is_not_rewritten(client):
    user = UserFactory()
    authenticator(user)
    before = user.password

    client.post(LOGIN_URL, {"username": user.email, "password": PASSWORD})

    user.refresh_from_db()
    assert user.password == before


def test_a_hash_written_by_argon2_cffi_at_the_same_cost_verifies():
    """The stored form is the standard one: either implementation reads what the other wrote."""
    import argon2

    hasher = VaultArgon2PasswordHasher()
    theirs = argon2.PasswordHasher(time_cost=hasher.time_cost, memory_cost=hasher.memory_cost, parallelism=1).hash(
        PASSWORD
    )
    ours = hasher.encode(PASSWORD, hasher.salt())

    assert hasher.verify(PASSWORD, "argon2" + theirs)
    assert not hasher.must_update("argon2" + theirs)
    assert argon2.PasswordHasher().verify(ours.removeprefix("argon2"), PASSWORD)


def test_after_a_cost_change_both_follow_at_the_next_sign_in(client):
    """The operator raises VAULT_ARGON2_*: the next sign-in re-hashes the password AND re-wraps the private key
    at the new cost, so the hash never becomes the cheaper way in."""
    user = UserFactory()
    authenticator(user)
    private_before = user_private_key_unlock(user=user, password=PASSWORD)

    with override_settings(VAULT_ARGON2_OPSLIMIT=2, VAULT_ARGON2_MEMLIMIT=16 * 1024):
        assert client.post(LOGIN_URL, {"username": user.email, "password": PASSWORD}).status_code == 302

    user.refresh_from_db()
    assert (user.private_key_opslimit, user.private_key_memlimit) == (2, 16 * 1024)
    assert argon2_cost(user.password) == ("argon2id", 2, 16 * 1024, 1)
    assert user_private_key_unlock(user=user, password=PASSWORD) == private_before  # the same key, re-wrapped
    (event,) = AuditEvent.objects.filter(action=Action.KEY_REWRAPPED)
    assert event.data == {"from": {"opslimit": 1, "memlimit": 8 * 1024}, "to": {"opslimit": 2, "memlimit": 16 * 1024}}
