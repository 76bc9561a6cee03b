"""Secrets kept outside the database, and the keys derived from them.

``INTEGRITY_KEY`` (environment variable, or ``INTEGRITY_KEY_FILE``) is the root of every keyed check that a
database writer must not be able to redo: the audit log's MACs and the binding of sealed values to their rows.
Each use gets its own sub-key (HMAC-SHA256 of the purpose under the root key), so a key handed to an auditor
for one purpose opens nothing else. Development and tests fall back to a value derived from ``SECRET_KEY``;
production refuses to start without it (``config.settings.prod``) and ``check --deploy`` reports it.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Shorter secrets are refused in production: 32 random bytes (e.g. `openssl rand -hex 32`) or more.
MIN_SECRET_LENGTH = 32


def _root(name: str, purpose_label: bytes) -> bytes:
    value: str = getattr(settings, name, "") or ""
    if value:
        return value.encode("utf-8")
    if getattr(settings, "SECRETS_DEV_FALLBACK", False):
        # Dev and test only: derived from SECRET_KEY so that a checkout runs without set-up.
        return hmac.new(settings.SECRET_KEY.encode("utf-8"), purpose_label, hashlib.sha256).digest()
    raise ImproperlyConfigured(f"{name} must be set (directly or through {name}_FILE); see the README, Production.")


@cache
def integrity_subkey(purpose: str) -> bytes:
    """The 32-byte key for one purpose (e.g. ``"audit-mac-v1"``), derived from ``INTEGRITY_KEY``."""
    root = _root("INTEGRITY_KEY", b"pseahub-dev-integrity-key")
    return hmac.new(root, b"pseahub-integrity:" + purpose.encode("ascii"), hashlib.sha256).digest()


def receipt_pepper() -> bytes:
    """The receipt pepper (``VAULT_RECEIPT_PEPPER``) as a 32-byte key."""
    root = _root("VAULT_RECEIPT_PEPPER", b"pseahub-dev-receipt-pepper")
    return hmac.new(root, b"pseahub-receipt-pepper-v1", hashlib.sha256).digest()


def secrets_forget() -> None:
    """Forget the derived keys (tests that change the settings)."""
    integrity_subkey.cache_clear()
