"""Holding a user's unlocked private key for the length of a session.

The private key is encrypted under a random key K. The ciphertext goes into the server-side session, K into
an HttpOnly cookie. Neither the session store nor the cookie alone opens the private key, and logging out
(which flushes the session) or closing the browser (which drops the cookie) forgets it.
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .crypto import VaultError, secretbox_key, secretbox_open, secretbox_seal

SESSION_FIELD = "vault_private_key"
_PENDING_ATTR = "_vault_cookie_value"


def session_key_store(request: HttpRequest, private: bytes) -> None:
    """Keep ``private`` for this session; the middleware sets the cookie on the response."""
    key = secretbox_key()
    request.session[SESSION_FIELD] = base64.b64encode(secretbox_seal(key, private)).decode("ascii")
    setattr(request, _PENDING_ATTR, base64.urlsafe_b64encode(key).decode("ascii"))


def session_key_load(request: HttpRequest) -> bytes | None:
    """The unlocked private key of this session, or None when it is not (or no longer) available."""
    stored = request.session.get(SESSION_FIELD)
    cookie = getattr(request, _PENDING_ATTR, None) or request.COOKIES.get(settings.VAULT_COOKIE_NAME)
    if not stored or not cookie:
        return None
    try:
        key = base64.urlsafe_b64decode(cookie.encode("ascii"))
        return secretbox_open(key, base64.b64decode(stored))
    except (VaultError, binascii.Error, ValueError):
        return None


def session_key_forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_FIELD, None)
    setattr(request, _PENDING_ATTR, "")


def session_cookie_apply(request: HttpRequest, response: HttpResponse) -> None:
    """Called by the middleware: write or delete the cookie half of the session key."""
    pending = getattr(request, _PENDING_ATTR, None)
    if pending is None:
        return
    if pending == "":
        response.delete_cookie(settings.VAULT_COOKIE_NAME, samesite="Lax")
        return
    response.set_cookie(
        settings.VAULT_COOKIE_NAME,
        pending,
        max_age=None,  # a browser-session cookie: gone when the browser closes
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
