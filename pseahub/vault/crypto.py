"""The vault's primitives. Nothing else in PSEA Hub imports a crypto library.

- Key pairs are X25519 (libsodium ``crypto_box``), through PyNaCl.
- ``seal``/``unseal`` use sealed boxes: anyone with the public key can seal, only the private key opens.
  Intake seals to public keys and never needs a private key.
- ``bound_seal``/``bound_open`` seal a value bound to where it is stored (a row and field): a random data key
  sealed to the public key, the value under it with XChaCha20-Poly1305 and the binding as associated data, and
  an HMAC-SHA256 with a key the database does not hold, so a database writer can neither move a value to
  another row nor forge one with the public key. ``legacy_bind`` wraps a value sealed before binding existed.
- A private key at rest is wrapped (XSalsa20-Poly1305 secret box) under a key derived from a password or
  a receipt with Argon2id; the salt and cost parameters travel with the wrapped key so they can be raised
  later without breaking old wraps.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import nacl.bindings
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


class SealedValueTamperedError(VaultError):
    """A sealed value is not the one sealed for this row and field: moved from another row or field, forged,
    altered, of an unknown format, or left unmigrated. ``where`` names the row and field, never the content."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"sealed value refused ({where}): {reason}")
        self.where = where
        self.reason = reason


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


# --- values bound to their row and field ------------------------------------------------------------------
# First byte of a stored value. A value sealed before binding existed has no version byte (a raw sealed box);
# the data migration wraps each one as FORMAT_LEGACY_BOUND; everything sealed since is FORMAT_AEAD.
FORMAT_LEGACY_BOUND = 1  # version || sealed box || MAC
FORMAT_AEAD = 2  # version || sealed box of the data key || nonce || XChaCha20-Poly1305 ciphertext || MAC
MAC_SIZE = hashlib.sha256().digest_size
_AEAD_KEY_SIZE = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_KEYBYTES
_AEAD_NONCE_SIZE = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
_SEALED_KEY_SIZE = _AEAD_KEY_SIZE + nacl.bindings.crypto_box_SEALBYTES


def _associated(version: int, binding: bytes) -> bytes:
    return b"pseahub-sealed-value\x00" + bytes([version]) + b"\x00" + binding


def _mac(mac_key: bytes, associated: bytes, body: bytes) -> bytes:
    # The associated data has no fixed length: its length goes first so that no split of (ad, body) is ambiguous.
    length = len(associated).to_bytes(4, "big")
    return hmac.new(mac_key, length + associated + body, hashlib.sha256).digest()


def bound_seal(public: bytes, plaintext: bytes, *, binding: bytes, mac_key: bytes) -> bytes:
    """Seal ``plaintext`` to ``public``, bound to ``binding`` (which row and field) and MACed with ``mac_key``."""
    data_key = nacl.utils.random(_AEAD_KEY_SIZE)
    nonce = nacl.utils.random(_AEAD_NONCE_SIZE)
    associated = _associated(FORMAT_AEAD, binding)
    body = (
        bytes([FORMAT_AEAD])
        + seal(public, data_key)
        + nonce
        + nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, associated, nonce, data_key)
    )
    return body + _mac(mac_key, associated, body)


def _checked_body(blob: bytes, *, binding: bytes, mac_key: bytes, where: str) -> tuple[int, bytes]:
    """The version and body of a bound value whose MAC matches ``binding``; raises ``SealedValueTamperedError``."""
    if len(blob) < 1 + MAC_SIZE:
        raise SealedValueTamperedError(where, "too short to be a sealed value")
    version = blob[0]
    if version not in (FORMAT_LEGACY_BOUND, FORMAT_AEAD):
        raise SealedValueTamperedError(where, "unknown format (altered, or sealed before binding and never migrated)")
    body, mac = blob[:-MAC_SIZE], blob[-MAC_SIZE:]
    if not hmac.compare_digest(mac, _mac(mac_key, _associated(version, binding), body)):
        raise SealedValueTamperedError(where, "it does not belong to this row and field (moved, forged or altered)")
    return version, body


def bound_open(private: bytes, blob: bytes, *, binding: bytes, mac_key: bytes, where: str) -> bytes:
    """Open a value made by ``bound_seal`` (or wrapped by ``legacy_bind``) for this ``binding``.

    Raises ``SealedValueTamperedError`` for a value of another row or field, a forged or altered one, a raw value
    never migrated, or one that does not open with ``private`` although its MAC holds (its keyring was swapped).
    """
    version, body = _checked_body(blob, binding=binding, mac_key=mac_key, where=where)
    try:
        if version == FORMAT_LEGACY_BOUND:
            return unseal(private, body[1:])
        sealed_key = body[1 : 1 + _SEALED_KEY_SIZE]
        nonce = body[1 + _SEALED_KEY_SIZE : 1 + _SEALED_KEY_SIZE + _AEAD_NONCE_SIZE]
        ciphertext = body[1 + _SEALED_KEY_SIZE + _AEAD_NONCE_SIZE :]
        data_key = unseal(private, sealed_key)
        associated = _associated(FORMAT_AEAD, binding)
        return bytes(nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, associated, nonce, data_key))
    except (VaultError, nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise SealedValueTamperedError(where, "it does not open with this record's key") from exc


def legacy_bind(blob: bytes, *, binding: bytes, mac_key: bytes) -> bytes:
    """Bind a value sealed before binding existed (a raw sealed box) without opening it."""
    body = bytes([FORMAT_LEGACY_BOUND]) + blob
    return body + _mac(mac_key, _associated(FORMAT_LEGACY_BOUND, binding), body)


def legacy_unbind(blob: bytes, *, binding: bytes, mac_key: bytes, where: str) -> bytes:
    """The raw sealed box inside a ``legacy_bind`` value (after checking its MAC); to undo the migration."""
    version, body = _checked_body(blob, binding=binding, mac_key=mac_key, where=where)
    if version != FORMAT_LEGACY_BOUND:
        raise SealedValueTamperedError(where, "sealed since the upgrade: it has no unbound form")
    return body[1:]


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
    """The public half of an X25519 private key (e.g. of a key kept outside the database, or to tell which
    stored recovery key an offline one is)."""
    try:
        return bytes(PrivateKey(private).public_key)
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise VaultError("not a private key") from exc
