"""Filing once: the one-time token in the report forms, and the receipt handed from the POST to the GET page.

The form carries a token ``issued.nonce.mac`` (MAC under an ``INTEGRITY_KEY`` sub-key, so it cannot be forged,
and valid ``TOKEN_MAX_AGE``). The POST files the complaint and, in the same transaction, claims the token: one
``INSERT`` into ``FormSubmission`` of two rows named by a keyed hash of the nonce, the claim and the receipt.
The claim's primary key makes a second POST of the same token (a reload, a double click, a resubmitted form)
fail and roll back whatever it wrote, so it creates nothing; a failure while filing rolls the claim back with
the complaint, so the reporter can send again. The receipt is stored only encrypted (``vault.crypto``'s
secretbox) under a key derived from the nonce, which the server never stores: it travels in the form and in a
short-lived HttpOnly cookie set with the redirect. The GET receipt page takes it with one
``DELETE … RETURNING`` (shown once). Both answers of a double click redirect only once the token's complaint
is committed, so whichever the browser keeps opens the receipt.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from enum import Enum
from typing import Any

from django.db import IntegrityError, connection, transaction

from pseahub.cases.services import ComplaintInput, Submitted, complaint_prepare, complaint_store
from pseahub.core.secrets import integrity_subkey
from pseahub.vault.crypto import VaultError, secretbox_open, secretbox_seal

from .models import FormSubmission

TOKEN_MAX_AGE = 24 * 3600  # a reporter may take long to write
RECEIPT_TTL = 15 * 60  # an unopened receipt is forgotten after this (the cookie's lifetime too)


class Claim(Enum):
    CREATED = "created"
    DUPLICATE = "duplicate"


def _mac(purpose: str, issued: str, nonce: str) -> str:
    message = f"{purpose}:{issued}:{nonce}".encode()
    return hmac.new(integrity_subkey("intake-form-token-v1"), message, hashlib.sha256).hexdigest()[:32]


def form_token_new(purpose: str) -> str:
    issued, nonce = str(int(time.time())), secrets.token_urlsafe(32)
    return f"{issued}.{nonce}.{_mac(purpose, issued, nonce)}"


def _nonce(token: str, purpose: str) -> str | None:
    """The token's nonce when the token is ours, for this form, and not expired; else None."""
    parts = (token or "").split(".")
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[1]) > 64:
        return None
    issued, nonce, mac = parts
    if not hmac.compare_digest(mac, _mac(purpose, issued, nonce)):
        return None
    age = time.time() - int(issued)
    return nonce if -60 <= age <= TOKEN_MAX_AGE else None


def form_token_valid(token: str, purpose: str) -> bool:
    return _nonce(token, purpose) is not None


def form_token_used(token: str, purpose: str) -> bool:
    """Whether a POST with this (valid) token has already filed (committed)."""
    return FormSubmission.objects.filter(name=_keys(token, purpose)[0]).exists()


def _keys(token: str, purpose: str) -> tuple[str, str, bytes]:
    nonce = _nonce(token, purpose) or ""  # callers check the token first
    lookup = hmac.new(integrity_subkey("intake-form-once-v1"), f"{purpose}:{nonce}".encode(), hashlib.sha256)
    name = lookup.hexdigest()
    # The key of the stored receipt: from the nonce, which is never stored; the lookup name does not give it.
    key = hashlib.sha256(b"pseahub-intake-receipt-v1:" + nonce.encode()).digest()
    return f"once:{name}", f"receipt:{name}", key


def submit_once(*, token: str, purpose: str, store: Callable[[], dict[str, str]]) -> Claim:
    """Run ``store()`` (the writes of filing; it returns what the receipt page shows, a dict of strings) and
    claim ``token`` in one transaction, unless the token was already used. ``store`` should do its slow work
    (derivations, sealing) before it is called: the transaction holds the database's write lock. An exception
    in ``store`` rolls everything back and leaves the token free."""
    claim_name, receipt_name, key = _keys(token, purpose)
    try:
        with transaction.atomic():
            shown = store()
            now = int(time.time())
            sealed = secretbox_seal(key, json.dumps(shown).encode())
            FormSubmission.objects.bulk_create(  # one statement; the claim's primary key refuses a second
                [
                    FormSubmission(name=claim_name, expires_at=now + TOKEN_MAX_AGE),
                    FormSubmission(name=receipt_name, sealed=sealed, expires_at=now + RECEIPT_TTL),
                ]
            )
    except IntegrityError:
        # Another POST of this form committed first (on PostgreSQL this one waited for it at the insert).
        if FormSubmission.objects.filter(name=claim_name).exists():
            return Claim.DUPLICATE
        raise
    return Claim.CREATED


def complaint_file_once(
    *,
    token: str,
    purpose: str,
    actor: Any,
    data: ComplaintInput,
    shown: Callable[[Submitted], dict[str, str]],
    first: Callable[[], None] | None = None,
) -> Claim:
    """File a complaint from a report form, once per token. The slow part (the receipt's Argon2id derivation,
    the sealing) runs before the transaction; then, in one transaction: ``first()`` (the report limit's count:
    raising rolls everything back), the complaint, the claim and the encrypted receipt (``shown(submitted)``,
    what the receipt page shows)."""
    ready = complaint_prepare(actor=actor, data=data)

    def store() -> dict[str, str]:
        if first is not None:
            first()
        return shown(complaint_store(ready, savepoint=False))

    return submit_once(token=token, purpose=purpose, store=store)


_TAKE_SQL = 'DELETE FROM "intake_formsubmission" WHERE name = %s RETURNING sealed, expires_at'


def receipt_take(*, token: str, purpose: str) -> dict[str, str] | None:
    """What the receipt page shows, once: deleted as it is read (one statement). None when there is nothing
    (already shown, expired, or never filed)."""
    if not form_token_valid(token, purpose):
        return None
    _claim_name, receipt_name, key = _keys(token, purpose)
    with connection.cursor() as cursor:
        cursor.execute(_TAKE_SQL, [receipt_name])
        rows = cursor.fetchall()
    if not rows or int(rows[0][1]) <= time.time():
        return None
    try:
        shown: dict[str, str] = json.loads(secretbox_open(key, bytes(rows[0][0])))
    except (VaultError, ValueError):
        return None
    return shown


def submissions_sweep() -> int:
    """Delete expired claims and receipts not opened in time (periodic); how many rows."""
    deleted, _per_model = FormSubmission.objects.filter(expires_at__lte=int(time.time())).delete()
    return deleted
