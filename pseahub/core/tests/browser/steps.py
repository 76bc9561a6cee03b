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


def sign_in_with_totp(page: Any, email: str, password: str, key: bytes) -> None:
    """Sign in through both steps (password, then the code an app shows now for ``key``), as staff do.

    Going through the real pages is what unlocks the user's private key for the session, so sealed content
    can be read afterwards; a test client's ``force_login`` would leave it locked.
    """
    sign_in_with_password(page, email, password)
    # By the field's name: from this step on the page is in the user's own language, whatever the browser's.
    code = page.locator("main input[name=token]")
    code.fill(totp_now(key))
    with page.expect_navigation():
        code.press("Enter")
    page.locator("form[action$='/logout/'] button").first.wait_for()  # signed in (site or admin), any language
