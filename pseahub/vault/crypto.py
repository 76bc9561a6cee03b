"""The vault's primitives. Nothing else in PSEA Hub imports a crypto library.

- Key pairs are X25519 (libsodium ``crypto_box``), through PyNaCl.
- ``seal``/``unseal`` use sealed boxes: anyone with the public key can seal, only the private key opens.
  Intake seals to public keys and never needs a private key.
- A private key at rest is wrapped (XSalsa20-Poly1305 secret box) under a key derived from a password or
  a receipt with Argon2id; the salt and cost parameters travel with the wrapped key so they can be raised
  later without breaking old wraps.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils
from django.conf import settings
from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_SIZE = nacl.secret.SecretBox.KEY_SIZE
SALT_SIZE = nacl.pwhash.argon2id.SALTBYTES


class VaultError(Exception):
    """A key or ciphertext could not be opened: wrong password, wrong key or altered data."""


@dataclass(frozen=True)
class KeyPair:
    public: bytes
    private: bytes


@dataclass(frozen=True)
class WrappedKey:
    """A private key encrypted under an Argon2id-derived key, with what is needed to derive it again."""

    ciphertext: bytes
    salt: bytes
    opslimit: int
    memlimit: int


def keypair_generate() -> KeyPair:
    """A fresh X25519 key pair."""
    private = PrivateKey.generate()
    return KeyPair(public=bytes(private.public_key), private=bytes(private))


def key_derive(secret: str | bytes, *, salt: bytes, opslimit: int, memlimit: int, size: int = KEY_SIZE) -> bytes:
    """Argon2id: ``size`` bytes of key material from a password or receipt."""
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    return nacl.pwhash.argon2id.kdf(size, secret, salt, opslimit=opslimit, memlimit=memlimit)


def private_key_wrap(private: bytes, secret: str | bytes) -> WrappedKey:
    """Encrypt ``private`` under a key derived from ``secret`` with the configured Argon2id cost."""
    salt = nacl.utils.random(SALT_SIZE)
    opslimit, memlimit = settings.VAULT_ARGON2_OPSLIMIT, settings.VAULT_ARGON2_MEMLIMIT
    key = key_derive(secret, salt=salt, opslimit=opslimit, memlimit=memlimit)
    return WrappedKey(
        ciphertext=bytes(nacl.secret.SecretBox(key).encrypt(private)),
        salt=salt,
        opslimit=opslimit,
        memlimit=memlimit,
    )


def private_key_unwrap(wrapped: WrappedKey, secret: str | bytes) -> bytes:
    """Open a wrapped private key; raises ``VaultError`` for a wrong secret or altered data.

    Altered cost parameters or salt make libsodium refuse to derive at all; that is altered data too.
    """
    try:
        key = key_derive(secret, salt=wrapped.salt, opslimit=wrapped.opslimit, memlimit=wrapped.memlimit)
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise VaultError("cannot derive the wrapping key") from exc
    return secretbox_open(key, wrapped.ciphertext)


def seal(public: bytes, plaintext: bytes) -> bytes:
    """Encrypt for the holder of the private half of ``public``; needs no secret of the sender."""
    return bytes(SealedBox(PublicKey(public)).encrypt(plaintext))


def unseal(private: bytes, ciphertext: bytes) -> bytes:
    """Open what ``seal`` made; raises ``VaultError`` when the key does not match or data was altered."""
    try:
        return bytes(SealedBox(PrivateKey(private)).decrypt(ciphertext))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise VaultError("cannot unseal") from exc


def secretbox_key() -> bytes:
    """A random symmetric key."""
    return nacl.utils.random(KEY_SIZE)


def secretbox_seal(key: bytes, plaintext: bytes) -> bytes:
    return bytes(nacl.secret.SecretBox(key).encrypt(plaintext))


def secretbox_open(key: bytes, ciphertext: bytes) -> bytes:
    try:
        return bytes(nacl.secret.SecretBox(key).decrypt(ciphertext))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise VaultError("cannot open") from exc


def random_token(nbytes: int = 32) -> str:
    """A URL-safe random token."""
    return secrets.token_urlsafe(nbytes)


def public_key_of(private: bytes) -> bytes:
    """The X25519 public key of a private key (e.g. to tell which stored recovery key an offline one is)."""
    try:
        return bytes(PrivateKey(private).public_key)
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise VaultError("not a private key") from exc
