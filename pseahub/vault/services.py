"""Key hierarchy operations: keyrings, grants, sealed data and files, receipts, the recovery key.

These functions do the cryptography and store keys; the calling domain service records the audit entry,
because only it knows what the keyring protects.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import secrets
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Model, QuerySet
from django.utils.translation import gettext_lazy

from pseahub.core.refdata import READERS_TTL, ReferenceTable
from pseahub.core.secrets import receipt_pepper

from .binding import binding_for, binding_key
from .crypto import (
    SALT_SIZE,
    VaultError,
    bound_open,
    bound_seal,
    key_derive,
    keypair_generate,
    public_key_of,
    seal,
    secretbox_open,
    secretbox_seal,
    unseal,
)
from .crypto import (
    SealedValueTamperedError as SealedValueTamperedError,  # re-exported for callers: vault.SealedValueTamperedError
)
from .models import GrantKind, KeyGrant, Keyring, ReceiptKdf, RecoveryKey, SealedFile

RECEIPT_DIGITS = 16
logger = logging.getLogger(__name__)

# The network's recovery key, read once every few seconds per process rather than for every new keyring (a
# burst of reports would read it once each). A key made in this process applies at once; ``manage.py
# recovery_key`` runs in its own, so the web workers wrap for the key it replaces for up to
# READERS_TTL seconds more, as they do for every complaint filed before it.
ACTIVE_RECOVERY_KEY: ReferenceTable[RecoveryKey] = ReferenceTable(
    lambda: RecoveryKey.objects.filter(is_active=True).order_by("-created_at")[:1],
    models=[RecoveryKey],
    ttl=READERS_TTL,
)


class NoGrantError(VaultError):
    """The reader holds no grant on this keyring (or the grant does not open with their key)."""


# --- keyrings and grants ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewKeyring:
    """A keyring and its grants, sealed but not yet stored (``keyring_prepare``). Data can already be sealed
    to ``keyring`` (it needs only the public key), so all the cryptography happens before a transaction opens
    and the write lock is held only for the inserts."""

    keyring: Keyring
    grants: list[KeyGrant]


def keyring_prepare(
    *, readers: Iterable[Any], complainant_key: bytes | None = None, granted_by: Any = None
) -> NewKeyring:
    """A new key pair whose private key is wrapped for each reader, the complainant and the recovery key.

    Readers without a key pair (no password set yet) are skipped. The private key is forgotten on return.
    """
    pair = keypair_generate()
    keyring = Keyring(public_key=pair.public)
    grants = [
        KeyGrant(
            kind=GrantKind.USER,
            user=reader,
            recipient_public_key=bytes(reader.public_key),
            wrapped_private_key=seal(bytes(reader.public_key), pair.private),
            granted_by=granted_by,
        )
        for reader in readers
        if reader.public_key
    ]
    if complainant_key is not None:
        grants.append(
            KeyGrant(kind=GrantKind.COMPLAINANT, wrapped_private_key=secretbox_seal(complainant_key, pair.private))
        )
    recovery = next(iter(ACTIVE_RECOVERY_KEY.rows()), None)
    if recovery is not None:
        grants.append(
            KeyGrant(
                kind=GrantKind.RECOVERY,
                recipient_public_key=bytes(recovery.public_key),
                wrapped_private_key=seal(bytes(recovery.public_key), pair.private),
            )
        )
    return NewKeyring(keyring=keyring, grants=grants)


@transaction.atomic(savepoint=False)
def keyring_store(prepared: NewKeyring) -> Keyring:
    """Insert a prepared keyring and its grants (inside the caller's transaction)."""
    keyring = prepared.keyring
    keyring.save(force_insert=True)
    for grant in prepared.grants:
        grant.keyring = keyring
    KeyGrant.objects.bulk_create(prepared.grants)
    return keyring


def keyring_create(*, readers: Iterable[Any], complainant_key: bytes | None = None, granted_by: Any = None) -> Keyring:
    """``keyring_prepare`` then ``keyring_store``: for callers with no sealing to do before they store it."""
    return keyring_store(keyring_prepare(readers=readers, complainant_key=complainant_key, granted_by=granted_by))


def keyring_open_for_user(*, keyring: Keyring, user: Any, user_private: bytes | None) -> bytes:
    """The keyring's private key, opened with the user's unlocked private key; raises ``NoGrantError``."""
    if user_private is None:
        raise NoGrantError("the user's key is locked")
    grant = KeyGrant.objects.filter(keyring=keyring, user=user, kind=GrantKind.USER).first()
    if grant is None:
        raise NoGrantError("no grant")
    try:
        return unseal(user_private, bytes(grant.wrapped_private_key))
    except VaultError as exc:
        raise NoGrantError("the grant does not open with this key") from exc


def keyring_open_for_complainant(*, keyring: Keyring, complainant_key: bytes) -> bytes:
    grant = KeyGrant.objects.filter(keyring=keyring, kind=GrantKind.COMPLAINANT).first()
    if grant is None:
        raise NoGrantError("no complainant grant")
    try:
        return secretbox_open(complainant_key, bytes(grant.wrapped_private_key))
    except VaultError as exc:
        raise NoGrantError("wrong receipt") from exc


def keyring_open_with_recovery(*, keyring: Keyring, recovery_private: bytes) -> bytes:
    grant = KeyGrant.objects.filter(keyring=keyring, kind=GrantKind.RECOVERY).first()
    if grant is None:
        raise NoGrantError("no recovery grant")
    return unseal(recovery_private, bytes(grant.wrapped_private_key))


def grant_user(*, keyring: Keyring, keyring_private: bytes, user: Any, granted_by: Any) -> KeyGrant:
    """Wrap the keyring's private key for ``user`` (replacing a stale grant made for an old key pair)."""
    if not user.public_key:
        raise NoGrantError("the user has no key pair yet")
    grant, _created = KeyGrant.objects.update_or_create(
        keyring=keyring,
        user=user,
        defaults={
            "kind": GrantKind.USER,
            "recipient_public_key": bytes(user.public_key),
            "wrapped_private_key": seal(bytes(user.public_key), keyring_private),
            "granted_by": granted_by,
        },
    )
    return grant


def grant_revoke(*, keyring: Keyring, user: Any) -> bool:
    deleted, _unused = KeyGrant.objects.filter(keyring=keyring, user=user).delete()
    return bool(deleted)


def grants_revoke_user(*, keyring_id: int, user: Any) -> int:
    deleted, _unused = KeyGrant.objects.filter(keyring_id=keyring_id, user=user).delete()
    return deleted


def keyrings_destroy(*, keyring_ids: Iterable[int]) -> None:
    """Destroy every wrapped private key of these keyrings: their sealed data can never be opened again."""
    from django.utils import timezone

    ids = list(keyring_ids)
    KeyGrant.objects.filter(keyring_id__in=ids).delete()
    SealedFile.objects.filter(keyring_id__in=ids).delete()
    Keyring.objects.filter(pk__in=ids).update(purged_at=timezone.now())


def grants_waiting_regrant() -> QuerySet[KeyGrant]:
    """User grants made for a key pair the user no longer has (password reset)."""
    return (
        KeyGrant.objects.filter(kind=GrantKind.USER, user__isnull=False, user__public_key__isnull=False)
        .exclude(recipient_public_key=F("user__public_key"))
        .select_related("user", "keyring")
    )


# --- sealed data ---------------------------------------------------------------------------------------------
# Every sealed value is bound to the row and field it is stored in: ``bound_to=(instance, "field")``. The row is
# named by its model and ``public_id``, a UUID set when the instance is made (before it is inserted, so intake can
# seal before its transaction opens). The binding's MAC key comes from INTEGRITY_KEY, outside the database.
Bound = tuple[Model, str]


def _binding(bound_to: Bound) -> tuple[bytes, str]:
    instance, field = bound_to
    row_id = getattr(instance, "public_id", None)
    if row_id is None:
        raise TypeError(f"{type(instance).__name__} has no public_id to bind a sealed value to")
    return binding_for(instance._meta.label_lower, row_id, field)


def seal_bytes(keyring: Keyring, plaintext: bytes, *, bound_to: Bound) -> bytes:
    """Encrypt to the keyring (its public key only), bound to ``bound_to`` = (the instance, the field name)."""
    binding, _where = _binding(bound_to)
    return bound_seal(bytes(keyring.public_key), plaintext, binding=binding, mac_key=binding_key())


def open_bytes(keyring_private: bytes, *, bound_to: Bound) -> bytes | None:
    """The opened value of the field ``bound_to`` names, None when empty (never sealed, or purged).

    Raises ``SealedValueTamperedError`` when the stored value was sealed for another row or field, forged, altered,
    or never migrated."""
    instance, field = bound_to
    blob = getattr(instance, field)
    if not blob:
        return None
    binding, where = _binding(bound_to)
    return bound_open(keyring_private, bytes(blob), binding=binding, mac_key=binding_key(), where=where)


def seal_data(keyring: Keyring, data: dict[str, Any], *, bound_to: Bound) -> bytes:
    """Encrypt a small JSON document to the keyring, bound to (instance, field); needs only the public key."""
    return seal_bytes(keyring, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"), bound_to=bound_to)


def open_data(keyring_private: bytes, *, bound_to: Bound) -> dict[str, Any]:
    """The JSON document in the field ``bound_to`` names ({} when empty); raises ``SealedValueTamperedError``."""
    plaintext = open_bytes(keyring_private, bound_to=bound_to)
    return {} if plaintext is None else dict(json.loads(plaintext.decode("utf-8")))


# For pages that show a whole record (the case page, a referral): one refused value must not hide the rest.
TAMPERED_NOTICE = gettext_lazy(
    "A sealed part of this record failed its integrity check and is not shown (%(where)s): it was altered, "
    "moved from another record or forged in the database. Tell the network's system administrator."
)


def open_data_or_refused(keyring_private: bytes, *, bound_to: Bound, refused: list[str]) -> dict[str, Any]:
    """``open_data``, except that a value failing its integrity check opens as {} and is logged and named in
    ``refused`` (row and field, never content), for the caller to audit and show with ``TAMPERED_NOTICE``."""
    try:
        return open_data(keyring_private, bound_to=bound_to)
    except SealedValueTamperedError as exc:
        logger.warning("%s", exc)
        refused.append(exc.where)
        return {}


def sealed_file_prepare(*, keyring: Keyring, content: bytes, filename: str, content_type: str) -> SealedFile:
    """A file encrypted to the keyring, not yet stored (the keyring itself may not be stored yet either)."""
    meta = {"filename": filename, "content_type": content_type}
    sealed_file = SealedFile(keyring=keyring, size=len(content))
    sealed_file.ciphertext = seal_bytes(keyring, content, bound_to=(sealed_file, "ciphertext"))
    sealed_file.sealed_meta = seal_data(keyring, meta, bound_to=(sealed_file, "sealed_meta"))
    return sealed_file


def sealed_file_store(*, keyring: Keyring, content: bytes, filename: str, content_type: str) -> SealedFile:
    """Encrypt a file to the keyring and store it. The ciphertext lives in the database, so a failed
    submission's rollback leaves no orphan behind, and the plaintext never touches the disk."""
    sealed_file = sealed_file_prepare(keyring=keyring, content=content, filename=filename, content_type=content_type)
    sealed_file.save(force_insert=True)
    return sealed_file


def sealed_file_meta(*, sealed_file: SealedFile, keyring_private: bytes) -> dict[str, str]:
    """The sealed file name and content type."""
    return {k: str(v) for k, v in open_data(keyring_private, bound_to=(sealed_file, "sealed_meta")).items()}


def sealed_file_open(*, sealed_file: SealedFile, keyring_private: bytes) -> tuple[bytes, dict[str, str]]:
    content = open_bytes(keyring_private, bound_to=(sealed_file, "ciphertext")) or b""
    return content, sealed_file_meta(sealed_file=sealed_file, keyring_private=keyring_private)


# --- receipts -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReceiptKeys:
    lookup: str  # stored and indexed: finds the complaint
    key: bytes  # never stored: opens the complainant's grant


def receipt_new() -> str:
    """16 random digits, easy to read out on the phone and to type on a keypad."""
    return "".join(secrets.choice("0123456789") for _i in range(RECEIPT_DIGITS))


def receipt_normalise(text: str) -> str | None:
    """Digits only (spaces and dashes dropped); None when it cannot be a receipt.

    Digits typed on an Arabic or Persian keypad (٠١٢…, ۰۱۲…) count as the same digits as 0-9.
    """
    digits = "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text if not ch.isspace() and ch not in "-."
    )
    if len(digits) != RECEIPT_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


def receipt_format(receipt: str) -> str:
    return " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))


@dataclass(frozen=True)
class _KdfParams:
    salt: bytes
    opslimit: int
    memlimit: int


# The installation's receipt parameters never change once stored (old receipts must keep working), so each
# process reads them once. ``receipt_params_forget`` is for tests that delete the row.
_kdf_params: _KdfParams | None = None


def receipt_params_forget() -> None:
    global _kdf_params
    _kdf_params = None


def _receipt_kdf() -> _KdfParams:
    global _kdf_params
    if _kdf_params is not None:
        return _kdf_params
    kdf = ReceiptKdf.objects.filter(id=1).first()
    if kdf is None:
        kdf, _created = ReceiptKdf.objects.get_or_create(
            id=1,
            defaults={
                "salt": secrets.token_bytes(SALT_SIZE),
                "opslimit": settings.VAULT_RECEIPT_OPSLIMIT,
                "memlimit": settings.VAULT_RECEIPT_MEMLIMIT,
            },
        )
    params = _KdfParams(salt=bytes(kdf.salt), opslimit=kdf.opslimit, memlimit=kdf.memlimit)
    if not transaction.get_connection().in_atomic_block:
        # Only a committed row is cached: one made inside a transaction that rolls back must not outlive it.
        _kdf_params = params
    return params


def _receipt_pepper() -> bytes:
    """A secret kept outside the database (environment), mixed into every receipt before Argon2id.

    The lookup hashes share one installation salt (they must be findable by index), so without a pepper a
    leaked database could test each guess against every receipt at once. With it, a database leak alone
    allows no offline guessing at all. Production refuses to start without it (``core.secrets``).
    """
    return receipt_pepper()


def receipt_derive(receipt: str) -> ReceiptKeys:
    """One Argon2id derivation gives both the stored lookup value and the key that opens the grant."""
    kdf = _receipt_kdf()
    peppered = hmac.new(_receipt_pepper(), receipt.encode("ascii"), hashlib.sha256).digest()
    material = key_derive(peppered, salt=kdf.salt, opslimit=kdf.opslimit, memlimit=kdf.memlimit, size=64)
    return ReceiptKeys(lookup=material[:32].hex(), key=material[32:])


# --- recovery key ---------------------------------------------------------------------------------------------
@transaction.atomic
def recovery_key_create() -> bytes:
    """A new network recovery key pair; returns the private half, which is not stored anywhere."""
    pair = keypair_generate()
    RecoveryKey.objects.filter(is_active=True).update(is_active=False)
    RecoveryKey.objects.create(public_key=pair.public)
    return pair.private


def recovery_private_parse(text: str) -> bytes:
    """The recovery private key as ``manage.py recovery_key`` prints it (base32; spaces, dashes, line breaks and
    case do not matter); raises ``VaultError`` for anything else."""
    cleaned = "".join(ch for ch in text if not ch.isspace() and ch != "-").upper()
    try:
        private = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError) as exc:
        raise VaultError("this is not a recovery key (base32 expected)") from exc
    if len(private) != len(keypair_generate().private):
        raise VaultError("this is not a recovery key (wrong length)")
    return private


def recovery_key_matching(recovery_private: bytes) -> RecoveryKey:
    """The stored recovery key whose private half this is; raises ``VaultError`` when none is."""
    public = public_key_of(recovery_private)
    for key in RecoveryKey.objects.order_by("-created_at"):
        if bytes(key.public_key) == public:
            return key
    raise VaultError("this private key belongs to no recovery key of this installation")


# --- recovery key rotation ----------------------------------------------------------------------------------
# A rotation replaces the recovery key and re-wraps every keyring's recovery grant for the new one, using the old
# private key. It is resumable: the new key is stored active first (new keyrings use it at once), and what is left
# to do is, by definition, the recovery grants still made for the old key; a re-run with the old private key
# continues there and never needs the new private key.


def recovery_grants_for(public_key: bytes) -> QuerySet[KeyGrant]:
    return KeyGrant.objects.filter(kind=GrantKind.RECOVERY, recipient_public_key=public_key)


def recovery_key_rotate_begin(*, old_private: bytes, show: Callable[[bytes], None]) -> bytes | None:
    """Start a rotation: if ``old_private`` is the active key's, a new key pair becomes the active one and the old
    is retired. ``show`` is given the new private half inside the transaction, before it commits: if it fails,
    nothing is stored; if the process dies after it, the printed key was never stored (run again). Returns the
    new public key, or None when the active key is not ``old_private``'s (a rotation already begun: continue
    it with ``recovery_grants_rewrap``). Raises ``VaultError`` for a key this installation does not know."""
    old = recovery_key_matching(old_private)
    with transaction.atomic():
        active = RecoveryKey.objects.select_for_update().filter(is_active=True).order_by("-created_at").first()
        if active is None or active.pk != old.pk:
            return None
        pair = keypair_generate()
        RecoveryKey.objects.filter(is_active=True).update(is_active=False)
        RecoveryKey.objects.create(public_key=pair.public)
        show(pair.private)
    return pair.public


def recovery_grants_rewrap(*, old_private: bytes, batch_size: int = 200, limit: int | None = None) -> int:
    """Re-wrap for the active recovery key the recovery grants still made for ``old_private``'s key, a batch per
    transaction (an interruption loses at most the batch under way). ``limit`` stops after that many. Returns
    how many were re-wrapped."""
    old = recovery_key_matching(old_private)
    active = RecoveryKey.objects.filter(is_active=True).order_by("-created_at").first()
    if active is None or active.pk == old.pk:
        raise VaultError("no newer recovery key to re-wrap for: begin the rotation first")
    new_public = bytes(active.public_key)
    done = 0
    while limit is None or done < limit:
        size = batch_size if limit is None else min(batch_size, limit - done)
        with transaction.atomic():
            batch = list(recovery_grants_for(bytes(old.public_key)).select_for_update().order_by("pk")[:size])
            if not batch:
                break
            for grant in batch:
                keyring_private = unseal(old_private, bytes(grant.wrapped_private_key))
                grant.wrapped_private_key = seal(new_public, keyring_private)
                grant.recipient_public_key = new_public
            KeyGrant.objects.bulk_update(batch, ["wrapped_private_key", "recipient_public_key"])
        done += len(batch)
    return done
