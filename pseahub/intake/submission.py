"""Filing once: the one-time token in the report forms, and the receipt handed from the POST to the GET page.

The form carries a token ``issued.nonce.mac`` (MAC under an ``INTEGRITY_KEY`` sub-key, so it cannot be forged,
and valid ``TOKEN_MAX_AGE``). The POST claims it in the shared cache (the database or Redis, never process
memory) under a keyed hash of the nonce, atomically (``cache.add``): a second POST of the same token (a reload,
a double click, a resubmitted form) creates nothing. The receipt is stored only encrypted (``vault.crypto``'s
secretbox) under a key derived from the nonce, which the server never stores: it travels in the form and in a
short-lived HttpOnly cookie set with the redirect. The GET receipt page opens it once and deletes it. A
double click's second request carries the same token, so whichever answer the browser keeps can open it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from enum import Enum
from typing import Any

from django.core.cache import cache

from pseahub.core.secrets import integrity_subkey
from pseahub.vault.crypto import VaultError, secretbox_open, secretbox_seal

TOKEN_MAX_AGE = 24 * 3600  # a reporter may take long to write
RECEIPT_TTL = 15 * 60  # an unopened receipt is forgotten after this (the cookie's lifetime too)
PENDING, DONE = "pending", "done"


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
    """Whether a POST with this (valid) token has already filed, or is filing now."""
    return cache.get(_keys(token, purpose)[0]) is not None


def _keys(token: str, purpose: str) -> tuple[str, str, bytes]:
    nonce = _nonce(token, purpose) or ""  # callers check the token first
    lookup = hmac.new(integrity_subkey("intake-form-once-v1"), f"{purpose}:{nonce}".encode(), hashlib.sha256)
    name = lookup.hexdigest()
    # The key of the stored receipt: from the nonce, which is never stored; the lookup name does not give it.
    key = hashlib.sha256(b"pseahub-intake-receipt-v1:" + nonce.encode()).digest()
    return f"intake-once:{name}", f"intake-receipt:{name}", key


def submit_once(*, token: str, purpose: str, create: Any) -> Claim:
    """Claim ``token`` and run ``create()`` (which returns what the receipt page shows, a dict of strings)
    unless the token was already used. A failure in ``create`` frees the token, so the reporter can send again."""
    claim_name, receipt_name, key = _keys(token, purpose)
    if not cache.add(claim_name, PENDING, timeout=TOKEN_MAX_AGE):
        return Claim.DUPLICATE
    try:
        shown = create()
    except BaseException:
        cache.delete(claim_name)
        raise
    cache.set(receipt_name, secretbox_seal(key, json.dumps(shown).encode()), timeout=RECEIPT_TTL)
    cache.set(claim_name, DONE, timeout=TOKEN_MAX_AGE)
    return Claim.CREATED


def receipt_take(*, token: str, purpose: str, wait_seconds: float = 10.0) -> dict[str, str] | None:
    """What the receipt page shows, once: deleted as it is read. None when there is nothing (already shown,
    expired, or never filed). Waits a little while the first of two simultaneous POSTs is still filing."""
    if not form_token_valid(token, purpose):
        return None
    claim_name, receipt_name, key = _keys(token, purpose)
    deadline = time.monotonic() + wait_seconds
    while cache.get(claim_name) == PENDING and time.monotonic() < deadline:
        time.sleep(0.2)
    blob = cache.get(receipt_name)
    if blob is None:
        return None
    cache.delete(receipt_name)
    try:
        shown: dict[str, str] = json.loads(secretbox_open(key, bytes(blob)))
    except (VaultError, ValueError):
        return None
    return shown
