"""Holding an unlocked private key for the length of a session.

The private key is encrypted under a random key K. The ciphertext goes into the server-side session, K into
an HttpOnly cookie. Neither the session store nor the cookie alone opens the private key, and logging out
(which flushes the session) or closing the browser (which drops the cookie) forgets it.

Slots keep different keys apart: ``user`` holds a staff member's private key; ``reporter`` holds the
complaint key opened with a receipt on the follow-up page.
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .crypto import VaultError, secretbox_key, secretbox_open, secretbox_seal

SESSION_FIELD = "vault_private_key"
_PENDING_ATTR = "_vault_cookie_values"


def _session_field(slot: str) -> str:
    return SESSION_FIELD if slot == "user" else f"{SESSION_FIELD}_{slot}"


def _cookie_name(slot: str) -> str:
    return settings.VAULT_COOKIE_NAME if slot == "user" else f"{settings.VAULT_COOKIE_NAME}_{slot}"


def _pending(request: HttpRequest) -> dict[str, str]:
    pending = getattr(request, _PENDING_ATTR, None)
    if pending is None:
        pending = {}
        setattr(request, _PENDING_ATTR, pending)
    return pending


def session_key_store(request: HttpRequest, private: bytes, *, slot: str = "user") -> None:
    """Keep ``private`` for this session; the middleware sets the cookie on the response."""
    key = secretbox_key()
    request.session[_session_field(slot)] = base64.b64encode(secretbox_seal(key, private)).decode("ascii")
    _pending(request)[slot] = base64.urlsafe_b64encode(key).decode("ascii")


def session_key_load(request: HttpRequest, *, slot: str = "user") -> bytes | None:
    """The unlocked private key of this session, or None when it is not (or no longer) available."""
    stored = request.session.get(_session_field(slot))
    cookie = _pending(request).get(slot) or request.COOKIES.get(_cookie_name(slot))
    if not stored or not cookie:
        return None
    try:
        key = base64.urlsafe_b64decode(cookie.encode("ascii"))
        return secretbox_open(key, base64.b64decode(stored))
    except (VaultError, binascii.Error, ValueError):
        return None


def session_key_forget(request: HttpRequest, *, slot: str = "user") -> None:
    request.session.pop(_session_field(slot), None)
    _pending(request)[slot] = ""


def session_cookie_apply(request: HttpRequest, response: HttpResponse) -> None:
    """Called by the middleware: write or delete the cookie halves that views asked for."""
    for slot, value in getattr(request, _PENDING_ATTR, {}).items():
        name = _cookie_name(slot)
        if value == "":
            response.delete_cookie(name, samesite="Lax")
            continue
        response.set_cookie(
            name,
            value,
            max_age=None,  # a browser-session cookie: gone when the browser closes
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
