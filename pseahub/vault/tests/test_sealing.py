"""Sealing to a public key: anyone can seal, only the matching private key opens."""

from __future__ import annotations

import pytest

from pseahub.vault.crypto import (
    VaultError,
    keypair_generate,
    seal,
    secretbox_key,
    secretbox_open,
    secretbox_seal,
    unseal,
)

SECRET = "Témoin: Aïcha, 07 12 34 56 — خيمة ٣".encode()


def test_it_opens_what_was_sealed_to_the_public_key_with_the_private_key():
    pair = keypair_generate()

    sealed = seal(pair.public, SECRET)

    assert unseal(pair.private, sealed) == SECRET


@pytest.mark.parametrize("plaintext", [b"", b"x", bytes(range(256)) * 4096])
def test_it_seals_any_length(plaintext):
    pair = keypair_generate()

    assert unseal(pair.private, seal(pair.public, plaintext)) == plaintext


def test_it_hides_the_plaintext_and_never_seals_the_same_way_twice():
    pair = keypair_generate()

    first, second = seal(pair.public, SECRET), seal(pair.public, SECRET)

    assert SECRET not in first
    assert first != second


def test_it_refuses_to_open_with_another_private_key():
    pair, other = keypair_generate(), keypair_generate()

    with pytest.raises(VaultError):
        unseal(other.private, seal(pair.public, SECRET))


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty"])
def test_it_refuses_altered_data(damage):
    pair = keypair_generate()
    sealed = bytearray(seal(pair.public, SECRET))
    if damage == "flip":
        sealed[-1] ^= 0x01
    elif damage == "truncate":
        sealed = sealed[:20]
    else:
        sealed = bytearray()

    with pytest.raises(VaultError):
        unseal(pair.private, bytes(sealed))


def test_it_refuses_a_private_key_of_the_wrong_size():
    pair = keypair_generate()

    with pytest.raises(VaultError):
        unseal(pair.private[:16], seal(pair.public, SECRET))


def test_it_makes_a_fresh_key_pair_each_time():
    pairs = [keypair_generate() for _ in range(3)]

    assert len({pair.public for pair in pairs}) == 3
    assert all(len(pair.public) == len(pair.private) == 32 for pair in pairs)


def test_it_opens_a_secret_box_only_with_its_key():
    key = secretbox_key()
    boxed = secretbox_seal(key, SECRET)

    assert secretbox_open(key, boxed) == SECRET
    assert SECRET not in boxed
    with pytest.raises(VaultError):
        secretbox_open(secretbox_key(), boxed)
