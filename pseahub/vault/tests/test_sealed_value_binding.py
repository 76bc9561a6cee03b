"""A sealed value is bound to the row and field it is stored in: a database writer can neither move one to
another row or field nor forge one with the keyring's public key; each is refused with a clear error that
names the row and field and nothing of the content."""

from __future__ import annotations

import json

import pytest

from pseahub.accounts.services import user_private_key_unlock
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.vault import services as vault
from pseahub.vault.binding import binding_for, binding_key
from pseahub.vault.crypto import (
    FORMAT_AEAD,
    FORMAT_LEGACY_BOUND,
    SealedValueTamperedError,
    VaultError,
    bound_seal,
    legacy_bind,
    seal,
)
from pseahub.vault.models import SealedFile

SECRET = {"narrative": "Pangolin-Narrative-77"}


@pytest.fixture
def reader(db):
    return UserFactory(email="reader@example.org")


@pytest.fixture
def keyring(reader):
    return vault.keyring_create(readers=[reader])


@pytest.fixture
def private(keyring, reader):
    user_private = user_private_key_unlock(user=reader, password=PASSWORD)
    return vault.keyring_open_for_user(keyring=keyring, user=reader, user_private=user_private)


def _row(keyring, data=SECRET, field="sealed_meta"):
    """An unsaved row of the keyring with ``data`` sealed into ``field``, bound to it."""
    row = SealedFile(keyring=keyring, size=0)
    setattr(row, field, vault.seal_data(keyring, data, bound_to=(row, field)))
    return row


@pytest.mark.django_db
def test_a_value_opens_in_the_row_and_field_it_was_sealed_for(keyring, private):
    row = _row(keyring)

    assert bytes(row.sealed_meta)[0] == FORMAT_AEAD
    assert b"Pangolin" not in bytes(row.sealed_meta)
    assert vault.open_data(private, bound_to=(row, "sealed_meta")) == SECRET


@pytest.mark.django_db
def test_a_value_moved_to_another_row_is_refused_naming_the_row_and_field(keyring, private):
    first, second = _row(keyring), _row(keyring, {"narrative": "Other"})
    second.sealed_meta = first.sealed_meta

    with pytest.raises(SealedValueTamperedError) as refused:
        vault.open_data(private, bound_to=(second, "sealed_meta"))

    message = str(refused.value)
    assert f"vault.sealedfile {second.public_id}, field sealed_meta" in message
    assert "does not belong to this row and field" in message
    assert "Pangolin" not in message


@pytest.mark.django_db
def test_a_value_moved_to_another_field_of_the_same_row_is_refused(keyring, private):
    row = _row(keyring)
    row.ciphertext = row.sealed_meta

    with pytest.raises(SealedValueTamperedError):
        vault.open_bytes(private, bound_to=(row, "ciphertext"))


@pytest.mark.django_db
def test_changing_the_rows_identifier_breaks_the_binding(keyring, private):
    import uuid

    row = _row(keyring)
    row.public_id = uuid.uuid4()

    with pytest.raises(SealedValueTamperedError):
        vault.open_data(private, bound_to=(row, "sealed_meta"))


@pytest.mark.django_db
def test_a_value_forged_with_the_public_key_is_refused(keyring, private):
    """The attacker has the database (so the public key and the row's identifier) but not INTEGRITY_KEY."""
    row = _row(keyring)
    binding, _where = binding_for("vault.sealedfile", row.public_id, "sealed_meta")
    forged = json.dumps({"narrative": "Forged"}).encode()
    row.sealed_meta = bound_seal(bytes(keyring.public_key), forged, binding=binding, mac_key=b"\x00" * 32)

    with pytest.raises(SealedValueTamperedError, match="does not belong to this row and field"):
        vault.open_data(private, bound_to=(row, "sealed_meta"))


@pytest.mark.django_db
def test_a_plain_sealed_box_as_written_before_binding_is_refused(keyring, private):
    """What anyone with the public key could write before, and what an unmigrated value looks like."""
    row = _row(keyring)
    row.sealed_meta = seal(bytes(keyring.public_key), json.dumps({"narrative": "Forged"}).encode())

    with pytest.raises(SealedValueTamperedError):
        vault.open_data(private, bound_to=(row, "sealed_meta"))


@pytest.mark.django_db
def test_a_legacy_value_bound_to_its_row_opens_and_nowhere_else(keyring, private):
    row, other = _row(keyring), _row(keyring)
    legacy = seal(bytes(keyring.public_key), json.dumps(SECRET).encode())
    binding, _where = binding_for("vault.sealedfile", row.public_id, "sealed_meta")
    row.sealed_meta = legacy_bind(legacy, binding=binding, mac_key=binding_key())
    other.sealed_meta = row.sealed_meta

    assert bytes(row.sealed_meta)[0] == FORMAT_LEGACY_BOUND
    assert vault.open_data(private, bound_to=(row, "sealed_meta")) == SECRET
    with pytest.raises(SealedValueTamperedError):
        vault.open_data(private, bound_to=(other, "sealed_meta"))


@pytest.mark.django_db
@pytest.mark.parametrize("damage", ["version", "body", "mac", "truncate"])
def test_an_altered_value_is_refused(keyring, private, damage):
    row = _row(keyring)
    blob = bytearray(bytes(row.sealed_meta))
    if damage == "version":
        blob[0] = 9
    elif damage == "body":
        blob[60] ^= 0x01
    elif damage == "mac":
        blob[-1] ^= 0x01
    else:
        blob = blob[:20]
    row.sealed_meta = bytes(blob)

    with pytest.raises(SealedValueTamperedError):
        vault.open_data(private, bound_to=(row, "sealed_meta"))


@pytest.mark.django_db
def test_a_value_with_a_valid_mac_under_another_keyring_is_refused(keyring, reader, private):
    """The keyring itself swapped: the MAC holds, but the value does not open with this record's key."""
    other_keyring = vault.keyring_create(readers=[reader])
    row = SealedFile(keyring=other_keyring, size=0)
    row.sealed_meta = vault.seal_data(other_keyring, SECRET, bound_to=(row, "sealed_meta"))

    with pytest.raises(SealedValueTamperedError, match="does not open with this record's key"):
        vault.open_data(private, bound_to=(row, "sealed_meta"))


@pytest.mark.django_db
def test_the_error_is_a_vault_error_and_an_empty_field_opens_as_empty(keyring, private):
    row = SealedFile(keyring=keyring, size=0, sealed_meta=b"")

    assert issubclass(SealedValueTamperedError, VaultError)
    assert vault.open_data(private, bound_to=(row, "sealed_meta")) == {}


@pytest.mark.django_db
def test_a_sealed_files_content_moved_to_another_file_is_refused(keyring, private):
    one = vault.sealed_file_store(keyring=keyring, content=b"one", filename="a.txt", content_type="text/plain")
    two = vault.sealed_file_store(keyring=keyring, content=b"two", filename="b.txt", content_type="text/plain")
    SealedFile.objects.filter(pk=two.pk).update(ciphertext=bytes(one.ciphertext))

    assert vault.sealed_file_open(sealed_file=one, keyring_private=private)[0] == b"one"
    with pytest.raises(SealedValueTamperedError):
        vault.sealed_file_open(sealed_file=SealedFile.objects.get(pk=two.pk), keyring_private=private)
