"""Sealed files: content, name and type encrypted to the complaint's keyring; only a key holder opens them."""

from __future__ import annotations

import pytest

from pseahub.accounts.services import user_private_key_unlock
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.vault import services as vault
from pseahub.vault.crypto import VaultError
from pseahub.vault.models import SealedFile

CONTENT = b"%PDF-1.7\n" + b"Capybara-Evidence-9090 " * 100


@pytest.fixture
def reader(db):
    return UserFactory(email="reader@example.org")


@pytest.fixture
def keyring(reader):
    return vault.keyring_create(readers=[reader])


def _key(keyring, reader):
    private = user_private_key_unlock(user=reader, password=PASSWORD)
    return vault.keyring_open_for_user(keyring=keyring, user=reader, user_private=private)


@pytest.mark.django_db
def test_it_stores_nothing_readable(keyring):
    sealed = vault.sealed_file_store(
        keyring=keyring, content=CONTENT, filename="Capybara report.pdf", content_type="application/pdf"
    )

    stored = SealedFile.objects.get(pk=sealed.pk)
    at_rest = bytes(stored.ciphertext) + bytes(stored.sealed_meta)
    assert b"Capybara" not in at_rest
    assert b"application/pdf" not in at_rest
    assert stored.size == len(CONTENT)
    assert stored.keyring == keyring


@pytest.mark.django_db
def test_the_key_holder_opens_content_name_and_type(keyring, reader):
    sealed = vault.sealed_file_store(
        keyring=keyring, content=CONTENT, filename="Capybara report.pdf", content_type="application/pdf"
    )

    content, meta = vault.sealed_file_open(
        sealed_file=SealedFile.objects.get(pk=sealed.pk), keyring_private=_key(keyring, reader)
    )

    assert content == CONTENT
    assert meta == {"filename": "Capybara report.pdf", "content_type": "application/pdf"}
    assert vault.sealed_file_meta(sealed_file=sealed, keyring_private=_key(keyring, reader)) == meta


@pytest.mark.django_db
def test_another_keyrings_key_opens_nothing(keyring, reader):
    other = vault.keyring_create(readers=[reader])
    sealed = vault.sealed_file_store(keyring=keyring, content=CONTENT, filename="a.pdf", content_type="application/pdf")

    with pytest.raises(VaultError):
        vault.sealed_file_open(sealed_file=sealed, keyring_private=_key(other, reader))


@pytest.mark.django_db
def test_an_altered_ciphertext_is_refused(keyring, reader):
    sealed = vault.sealed_file_store(keyring=keyring, content=CONTENT, filename="a.pdf", content_type="application/pdf")
    altered = bytearray(bytes(sealed.ciphertext))
    altered[-1] ^= 0x01
    SealedFile.objects.filter(pk=sealed.pk).update(ciphertext=bytes(altered))

    with pytest.raises(VaultError):
        vault.sealed_file_open(sealed_file=SealedFile.objects.get(pk=sealed.pk), keyring_private=_key(keyring, reader))


@pytest.mark.django_db
def test_the_same_file_sealed_twice_looks_different(keyring):
    one = vault.sealed_file_store(keyring=keyring, content=CONTENT, filename="a.pdf", content_type="application/pdf")
    two = vault.sealed_file_store(keyring=keyring, content=CONTENT, filename="a.pdf", content_type="application/pdf")

    assert bytes(one.ciphertext) != bytes(two.ciphertext)
