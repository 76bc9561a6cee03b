"""What a person does on the sign-in pages, the codes their authenticator app shows, and the audit rows."""

from __future__ import annotations

import base64
import re
from typing import Any

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.models import User
from pseahub.accounts.tests.factories import PASSWORD
from pseahub.audit.models import Action, AuditEvent

LOGIN_URL = "/accounts/login/"
VERIFY_URL = "/accounts/two-factor/"
SETUP_URL = "/accounts/two-factor/setup/"
PROFILE_URL = "/accounts/profile/"
PASSWORD_URL = "/accounts/password/"
LOGOUT_URL = "/accounts/logout/"
LOGOUT_EVERYWHERE_URL = "/accounts/logout/everywhere/"
BACKUP_CODES_URL = "/accounts/two-factor/backup-codes/"

WRONG_LOGIN = "The e-mail address or password is not correct."
WRONG_CODE = "That code is not correct or has already been used."
CODE_ALREADY_USED = "That code has already been used. Wait for your authenticator app to show the next code."
KEY_UNLOCKED = "Your encryption key is unlocked for this session."
KEY_LOCKED = "Your encryption key is locked"


def authenticator(user: User) -> TOTPDevice:
    """A confirmed authenticator app for ``user``, as left by enrolment."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_now(device: TOTPDevice) -> str:
    """The code the user's app shows right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def code_not_accepted_now(device: TOTPDevice) -> str:
    """A well-formed code that the device does not accept at this moment (not in its tolerance window)."""
    valid = set()
    for drift in range(-device.tolerance - 1, device.tolerance + 2):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + drift)
        valid.add(f"{totp.token():0{device.digits}d}")
    return next(code for n in range(10**6) if (code := f"{n:06d}") not in valid)


def key_from_setup_page(html: str) -> bytes:
    """Read the key as the setup page prints it for typing by hand (base32 in groups of four)."""
    match = re.search(r'<code id="totp-secret"[^>]*>([^<]+)</code>', html)
    assert match, "the setup page shows no key"
    compact = "".join(match.group(1).split()).upper()
    return base64.b32decode(compact + "=" * (-len(compact) % 8))


def password_step(client: Client, email: str, password: str = PASSWORD, **extra: str) -> Any:
    return client.post(LOGIN_URL, {"username": email, "password": password, **extra})


def sign_in(client: Client, user: User, device: TOTPDevice, password: str = PASSWORD) -> None:
    """Both steps through the real pages, as a person would."""
    response = password_step(client, user.email, password)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY_URL), response
    response = client.post(VERIFY_URL, {"token": code_now(device)})
    assert response.status_code == 302, response.content.decode()


def text(response: Any) -> str:
    return response.content.decode()


def actions(**filters: Any) -> list[str]:
    """Audit actions written so far, in order."""
    return list(AuditEvent.objects.filter(**filters).order_by("seq").values_list("action", flat=True))


def events(action: Action, **filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, **filters).order_by("seq"))


def is_signed_in(client: Client) -> bool:
    """Signed in with both steps: the profile page opens."""
    return client.get(PROFILE_URL).status_code == 200
