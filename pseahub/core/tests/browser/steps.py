"""Steps the browser tests share: what a person does on the sign-in pages, and the codes an app would show."""

from __future__ import annotations

import base64
from typing import Any

from django_otp.oath import TOTP


def totp_now(key: bytes) -> str:
    """The 6-digit code an authenticator app shows right now for ``key``."""
    return f"{TOTP(key).token():06d}"


def key_from_shown_secret(shown: str) -> bytes:
    """Decode the key as the setup page prints it (base32 in groups of four, padding stripped)."""
    compact = "".join(shown.split()).upper()
    return base64.b32decode(compact + "=" * (-len(compact) % 8))


def sign_in_with_password(page: Any, email: str, password: str) -> Any:
    """Fill and send the staff login form; returns the response to the POST."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Continue").click()
    return navigation.value
