"""The login password hash at the cost of the key wrap it protects.

The password opens the user's private key (Argon2id at ``VAULT_ARGON2_OPSLIMIT`` / ``VAULT_ARGON2_MEMLIMIT``,
libsodium, one lane). A cheaper login hash beside it in the same database would let an attacker guess passwords
against the hash instead, at a lower cost per guess; so the hash uses the same Argon2id cost. Django then
re-hashes an older (cheaper or different) hash at the next successful sign-in (``must_update``).

The hash is computed with libsodium (PyNaCl, already the vault's library) rather than argon2-cffi: for the same
parameters it is ~1.7x faster here (optimised code), which is what keeps a sign-in (hash + unwrap) under a second
at the production cost (``bench/p4_sign_in.py``). The stored string is the standard PHC form Django's
``Argon2PasswordHasher`` writes (``argon2$argon2id$v=19$m=…,t=…,p=1$salt$hash``), so hashes made by either
verify with either; hashes with other parameters (Django's defaults: p=8) are checked by argon2-cffi.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import nacl.bindings
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.utils.crypto import constant_time_compare

_HASH_LEN = 32  # argon2-cffi's default, as Django's hasher writes it
_SALT_LEN = nacl.bindings.crypto_pwhash_SALTBYTES  # libsodium takes exactly 16 bytes


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _argon2id(password: str, salt: bytes, *, time_cost: int, memory_kib: int, size: int = _HASH_LEN) -> bytes:
    return bytes(
        nacl.bindings.crypto_pwhash_alg(
            size,
            password.encode("utf-8"),
            salt,
            time_cost,
            memory_kib * 1024,
            nacl.bindings.crypto_pwhash_ALG_ARGON2ID13,
        )
    )


class VaultArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with the vault's passes and memory and one lane (libsodium's only form)."""

    parallelism = 1

    @property
    def time_cost(self) -> int:  # type: ignore[override]
        return int(settings.VAULT_ARGON2_OPSLIMIT)

    @property
    def memory_cost(self) -> int:  # type: ignore[override]
        """In KiB, as Argon2 counts it (the vault's setting is in bytes)."""
        return int(settings.VAULT_ARGON2_MEMLIMIT) // 1024

    def encode(self, password: str, salt: str) -> str:
        # Django's salt is a random string of at least 128 bits; libsodium wants 16 bytes: a hash of it keeps them.
        raw_salt = hashlib.blake2b(salt.encode("utf-8"), digest_size=_SALT_LEN).digest()
        digest = _argon2id(password, raw_salt, time_cost=self.time_cost, memory_kib=self.memory_cost)
        params = f"m={self.memory_cost},t={self.time_cost},p=1"
        return f"{self.algorithm}$argon2id$v=19${params}${_b64(raw_salt)}${_b64(digest)}"

    def verify(self, password: str, encoded: str) -> bool:
        parsed = self._parse_own(encoded)
        if parsed is None:  # another form (Django's default p=8, argon2i, …): argon2-cffi checks it
            return bool(super().verify(password, encoded))
        time_cost, memory_kib, salt, digest = parsed
        computed = _argon2id(password, salt, time_cost=time_cost, memory_kib=memory_kib, size=len(digest))
        return constant_time_compare(computed, digest)

    def must_update(self, encoded: str) -> bool:
        """Re-hash whenever the stored cost differs from the vault's (either way: the two stay equal)."""
        decoded = self.decode(encoded)
        current = decoded["params"]
        return (decoded["variety"], current.time_cost, current.memory_cost, current.parallelism) != (
            "argon2id",
            self.time_cost,
            self.memory_cost,
            self.parallelism,
        ) or current.hash_len != _HASH_LEN

    @staticmethod
    def _parse_own(encoded: str) -> tuple[int, int, bytes, bytes] | None:
        """(passes, memory in KiB, salt, hash) of an Argon2id v1.3 one-lane hash with a 16-byte salt, else None."""
        parts = encoded.split("$")
        if len(parts) != 6 or parts[1] != "argon2id" or parts[2] != "v=19":
            return None
        try:
            params: dict[str, Any] = dict(item.split("=", 1) for item in parts[3].split(","))
            time_cost, memory_kib, lanes = int(params["t"]), int(params["m"]), int(params["p"])
            salt, digest = _unb64(parts[4]), _unb64(parts[5])
        except (KeyError, ValueError):
            return None
        if lanes != 1 or len(salt) != _SALT_LEN or not 16 <= len(digest) <= 64:
            return None
        return time_cost, memory_kib, salt, digest
