"""Changing one's own password re-wraps the same private key; a wrong current password changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from pseahub.accounts import services
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.accounts.tests.helpers import (
    KEY_UNLOCKED,
    LOGIN_URL,
    PASSWORD_URL,
    PROFILE_URL,
    authenticator,
    events,
    sign_in,
    text,
)
from pseahub.audit.models import Action
from pseahub.vault.crypto import VaultError, seal, unseal

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-long-passphrase"


@pytest.fixture
def user():
    return UserFactory(email="changer@example.org")


def _change(client: Client, old: str = PASSWORD, new: str = NEW_PASSWORD, again: str | None = None):
    return client.post(
        PASSWORD_URL, {"old_password": old, "new_password1": new, "new_password2": new if again is None else again}
    )


def test_it_changes_the_password_and_keeps_the_key_pair(client_for, user):
    sealed_before = seal(bytes(user.public_key), b"sealed before the change")
    public_before = bytes(user.public_key)
    client = client_for(user)

    response = _change(client)

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    page = client.get(PROFILE_URL)
    assert "Your password is changed." in text(page)
    assert KEY_UNLOCKED in text(page)  # the re-wrapped key is held for this session
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert bytes(user.public_key) == public_before
    private = services.user_private_key_unlock(user=user, password=NEW_PASSWORD)
    assert private is not None
    assert unseal(private, sealed_before) == b"sealed before the change"
    with pytest.raises(VaultError):
        services.user_private_key_unlock(user=user, password=PASSWORD)
    (changed,) = events(Action.PASSWORD_CHANGED)
    assert changed.actor_id == user.pk
    assert changed.target_id == str(user.public_id)
    assert changed.data == {}


def test_it_signs_in_with_the_new_password_only(client_for, user):
    device = authenticator(user)
    _change(client_for(user))

    assert "not correct" in text(Client().post(LOGIN_URL, {"username": user.email, "password": PASSWORD}))
    fresh = Client()
    sign_in(fresh, user, device, password=NEW_PASSWORD)
    assert KEY_UNLOCKED in text(fresh.get(PROFILE_URL))


def test_it_shows_an_error_for_a_wrong_current_password(client_for, user):
    client = client_for(user)

    response = _change(client, old="not-my-password-at-all")

    assert response.status_code == 200
    assert "Your current password is not correct." in text(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert services.user_private_key_unlock(user=user, password=PASSWORD) is not None
    assert not events(Action.PASSWORD_CHANGED)


def test_it_refuses_a_weak_new_password(client_for, user):
    response = _change(client_for(user), new="short")

    assert response.status_code == 200
    assert "This password is too short." in text(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not events(Action.PASSWORD_CHANGED)


def test_it_refuses_two_different_new_passwords(client_for, user):
    response = _change(client_for(user), again="a-brand-new-long-passphrasE")

    assert "The two new passwords differ." in text(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_it_keeps_this_session_and_ends_the_others(client_for, user):
    here, elsewhere = client_for(user), client_for(user)

    _change(here)

    assert here.get(PROFILE_URL).status_code == 200
    response = elsewhere.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_it_gives_a_new_key_pair_when_the_stored_key_no_longer_opens_with_the_password(client_for, user):
    """A password set behind the vault's back (manage.py changepassword) left a key nobody can open."""
    user.set_password("set-by-hand-on-the-server")
    user.save()
    public_before = bytes(user.public_key)

    response = _change(client_for(user), old="set-by-hand-on-the-server")

    assert response.status_code == 302
    user.refresh_from_db()
    assert bytes(user.public_key) != public_before
    private = services.user_private_key_unlock(user=user, password=NEW_PASSWORD)
    assert unseal(private, seal(bytes(user.public_key), b"new")) == b"new"
    (changed,) = events(Action.PASSWORD_CHANGED)
    assert changed.data == {"new_key_pair": True}
