"""Keyrings and grants: the complaint's private key wrapped per reader, opened only by them, re-granted after a
new key pair, revoked."""

from __future__ import annotations

import pytest

from pseahub.accounts.services import user_password_reset, user_private_key_unlock
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.vault import services as vault
from pseahub.vault.crypto import VaultError
from pseahub.vault.models import GrantKind, KeyGrant, Keyring, SealedFile


def _private(user, password=PASSWORD):
    return user_private_key_unlock(user=user, password=password)


@pytest.fixture
def readers(db):
    return UserFactory(email="reader1@example.org"), UserFactory(email="reader2@example.org")


@pytest.mark.django_db
def test_it_wraps_the_private_key_once_per_reader(readers):
    keyring = vault.keyring_create(readers=readers)

    grants = KeyGrant.objects.filter(keyring=keyring)
    assert sorted(g.user_id for g in grants) == sorted(r.pk for r in readers)
    assert all(g.kind == GrantKind.USER for g in grants)
    keys = {vault.keyring_open_for_user(keyring=keyring, user=r, user_private=_private(r)) for r in readers}
    assert len(keys) == 1  # both open the same keyring key
    (key,) = keys
    assert key not in bytes(keyring.public_key)
    for grant in grants:
        assert key not in bytes(grant.wrapped_private_key)


@pytest.mark.django_db
def test_what_is_sealed_to_the_keyring_opens_with_a_readers_key_only(readers):
    reader, _other = readers
    outsider = UserFactory(email="outsider@example.org")
    keyring = vault.keyring_create(readers=[reader])
    row = SealedFile(keyring=keyring, size=0)
    row.sealed_meta = vault.seal_data(keyring, {"narrative": "Okapi-Secret"}, bound_to=(row, "sealed_meta"))

    assert b"Okapi-Secret" not in row.sealed_meta
    key = vault.keyring_open_for_user(keyring=keyring, user=reader, user_private=_private(reader))
    assert vault.open_data(key, bound_to=(row, "sealed_meta")) == {"narrative": "Okapi-Secret"}
    with pytest.raises(vault.NoGrantError):
        vault.keyring_open_for_user(keyring=keyring, user=outsider, user_private=_private(outsider))


@pytest.mark.django_db
def test_a_locked_key_opens_nothing(readers):
    keyring = vault.keyring_create(readers=readers)

    with pytest.raises(vault.NoGrantError):
        vault.keyring_open_for_user(keyring=keyring, user=readers[0], user_private=None)


@pytest.mark.django_db
def test_another_users_private_key_does_not_open_a_grant(readers):
    reader, other = readers
    keyring = vault.keyring_create(readers=[reader])

    with pytest.raises(vault.NoGrantError):
        vault.keyring_open_for_user(keyring=keyring, user=reader, user_private=_private(other))


@pytest.mark.django_db
def test_readers_without_a_key_pair_are_skipped(readers):
    keyless = UserFactory(email="keyless@example.org", password=None)

    keyring = vault.keyring_create(readers=[*readers, keyless])

    assert not KeyGrant.objects.filter(keyring=keyring, user=keyless).exists()
    with pytest.raises(vault.NoGrantError):
        vault.grant_user(keyring=keyring, keyring_private=b"x" * 32, user=keyless, granted_by=None)


@pytest.mark.django_db
def test_the_complainant_grant_opens_with_the_receipt_key_only(readers):
    keys = vault.receipt_derive("1234567812345678")
    keyring = vault.keyring_create(readers=readers, complainant_key=keys.key)

    assert KeyGrant.objects.get(keyring=keyring, kind=GrantKind.COMPLAINANT).user is None
    key = vault.keyring_open_for_complainant(keyring=keyring, complainant_key=keys.key)
    assert key == vault.keyring_open_for_user(keyring=keyring, user=readers[0], user_private=_private(readers[0]))
    with pytest.raises(vault.NoGrantError):
        vault.keyring_open_for_complainant(
            keyring=keyring, complainant_key=vault.receipt_derive("8765432187654321").key
        )


@pytest.mark.django_db
def test_no_complainant_grant_without_a_receipt(readers):
    keyring = vault.keyring_create(readers=readers)

    with pytest.raises(vault.NoGrantError):
        vault.keyring_open_for_complainant(keyring=keyring, complainant_key=vault.receipt_derive("1" * 16).key)


@pytest.mark.django_db
def test_a_password_reset_leaves_the_grant_waiting_until_regranted(readers):
    reader, colleague = readers
    keyring = vault.keyring_create(readers=readers)
    assert not vault.grants_waiting_regrant().exists()

    user_password_reset(actor=None, user=reader, new_password="Aardvark-Meadow-2031")
    reader.refresh_from_db()

    (waiting,) = vault.grants_waiting_regrant()
    assert (waiting.user, waiting.keyring) == (reader, keyring)
    new_private = _private(reader, "Aardvark-Meadow-2031")
    with pytest.raises(vault.NoGrantError):
        vault.keyring_open_for_user(keyring=keyring, user=reader, user_private=new_private)

    key = vault.keyring_open_for_user(keyring=keyring, user=colleague, user_private=_private(colleague))
    grant = vault.grant_user(keyring=keyring, keyring_private=key, user=reader, granted_by=colleague)

    assert grant.granted_by == colleague
    assert KeyGrant.objects.filter(keyring=keyring, user=reader).count() == 1
    assert not vault.grants_waiting_regrant().exists()
    assert vault.keyring_open_for_user(keyring=keyring, user=reader, user_private=new_private) == key


@pytest.mark.django_db
def test_revoking_a_grant_removes_access(readers):
    reader, _other = readers
    keyring = vault.keyring_create(readers=readers)

    assert vault.grant_revoke(keyring=keyring, user=reader) is True
    assert vault.grant_revoke(keyring=keyring, user=reader) is False
    with pytest.raises(vault.NoGrantError):
        vault.keyring_open_for_user(keyring=keyring, user=reader, user_private=_private(reader))


@pytest.mark.django_db
def test_a_wrong_keyring_key_opens_no_sealed_data(readers):
    first = vault.keyring_create(readers=readers)
    second = vault.keyring_create(readers=readers)
    row = SealedFile(keyring=first, size=0)
    row.sealed_meta = vault.seal_data(first, {"x": "y"}, bound_to=(row, "sealed_meta"))
    second_key = vault.keyring_open_for_user(keyring=second, user=readers[0], user_private=_private(readers[0]))

    with pytest.raises(VaultError):
        vault.open_data(second_key, bound_to=(row, "sealed_meta"))
    assert Keyring.objects.count() == 2
