"""A private key at rest: wrapped under an Argon2id key derived from a password, with its cost alongside."""

from __future__ import annotations

import dataclasses
import importlib

import pytest
from django.conf import settings

from pseahub.vault.crypto import (
    SALT_SIZE,
    VaultError,
    key_derive,
    keypair_generate,
    private_key_unwrap,
    private_key_wrap,
    seal,
    unseal,
)

PASSWORD = "a-long-pass-phrase-for-the-vault"


def test_it_unwraps_the_same_private_key_with_the_password():
    pair = keypair_generate()

    wrapped = private_key_wrap(pair.private, PASSWORD)

    assert pair.private not in wrapped.ciphertext
    private = private_key_unwrap(wrapped, PASSWORD)
    assert private == pair.private
    assert unseal(private, seal(pair.public, b"opened")) == b"opened"


@pytest.mark.parametrize("wrong", ["", "a-long-pass-phrase-for-the-vaulT", PASSWORD + " "])
def test_it_refuses_a_wrong_password(wrong):
    wrapped = private_key_wrap(keypair_generate().private, PASSWORD)

    with pytest.raises(VaultError):
        private_key_unwrap(wrapped, wrong)


@pytest.mark.parametrize(
    "damage",
    [
        {"ciphertext": b"\x00" * 72},
        {"salt": b"\x01" * SALT_SIZE},
        {"salt": b"short"},
        {"opslimit": 0},
        {"memlimit": 0},
    ],
)
def test_it_refuses_an_altered_wrapped_key(damage):
    wrapped = private_key_wrap(keypair_generate().private, PASSWORD)

    with pytest.raises(VaultError):
        private_key_unwrap(dataclasses.replace(wrapped, **damage), PASSWORD)


def test_it_uses_a_fresh_salt_for_every_wrap():
    private = keypair_generate().private

    first, second = private_key_wrap(private, PASSWORD), private_key_wrap(private, PASSWORD)

    assert len(first.salt) == SALT_SIZE
    assert first.salt != second.salt
    assert first.ciphertext != second.ciphertext


def test_it_takes_the_argon2id_cost_from_settings_and_keeps_it_with_the_key(settings):
    private = keypair_generate().private
    settings.VAULT_ARGON2_OPSLIMIT, settings.VAULT_ARGON2_MEMLIMIT = 2, 16 * 1024

    wrapped = private_key_wrap(private, PASSWORD)

    assert (wrapped.opslimit, wrapped.memlimit) == (2, 16 * 1024)
    # Raising the cost later leaves keys wrapped under the old cost readable.
    settings.VAULT_ARGON2_OPSLIMIT, settings.VAULT_ARGON2_MEMLIMIT = 3, 32 * 1024
    assert private_key_unwrap(wrapped, PASSWORD) == private
    assert private_key_wrap(private, PASSWORD).opslimit == 3


def test_it_derives_the_same_key_only_from_the_same_password_salt_and_cost():
    salt = b"s" * SALT_SIZE
    cost = {"opslimit": settings.VAULT_ARGON2_OPSLIMIT, "memlimit": settings.VAULT_ARGON2_MEMLIMIT}

    key = key_derive(PASSWORD, salt=salt, **cost)

    assert len(key) == 32
    assert key_derive(PASSWORD.encode(), salt=salt, **cost) == key
    assert key_derive(PASSWORD, salt=b"t" * SALT_SIZE, **cost) != key
    assert key_derive(PASSWORD + "!", salt=salt, **cost) != key
    assert key_derive(PASSWORD, salt=salt, opslimit=cost["opslimit"] + 1, memlimit=cost["memlimit"]) != key


def test_it_runs_production_at_two_passes_over_256_mib(monkeypatch):
    """libsodium's "moderate" memory; one pass fewer, so that a sign-in (login hash + unwrap at this same cost)
    stays under 1 s on a 2-core machine (bench P6, config.settings.base)."""
    monkeypatch.delenv("VAULT_ARGON2_OPSLIMIT", raising=False)
    monkeypatch.delenv("VAULT_ARGON2_MEMLIMIT", raising=False)

    base = importlib.reload(importlib.import_module("config.settings.base"))

    assert base.VAULT_ARGON2_OPSLIMIT == 2
    assert base.VAULT_ARGON2_MEMLIMIT == 256 * 1024 * 1024
