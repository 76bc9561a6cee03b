"""Plain helpers for the case-record tests: file complaints through the real services, sign in for real,
open what is sealed the way a reader would, and read the audit rows."""

from __future__ import annotations

import html
import re
import secrets
from typing import Any

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.models import Role, User
from pseahub.accounts.services import role_grant, user_private_key_unlock
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Channel, Complaint, Term, Vocabulary
from pseahub.cases.services import ComplaintInput, Submitted, complaint_create
from pseahub.vault import services as vault

LOGIN_URL = "/accounts/login/"
VERIFY_URL = "/accounts/two-factor/"
LOCKED_NOTICE = "Sealed content is locked"


def user_with_role(email: str, role: Role | None = None, organisation: Any = None) -> User:
    """A user made through ``user_create`` (so with a real key pair), holding ``role`` if given."""
    user = UserFactory(email=email)
    if role is not None:
        role_grant(actor=None, user=user, role=role, organisation=organisation)
    return user


def sign_in_unlocked(user: User, password: str = PASSWORD) -> Client:
    """A client signed in through the real pages (password, then a TOTP code), so the user's private key is
    unlocked for the session exactly as in production. Each call enrols a fresh authenticator, so the same
    user can sign in twice within one TOTP step without the code counting as replayed."""
    device = TOTPDevice.objects.create(user=user, name=f"test {secrets.token_hex(4)}", confirmed=True)
    client = Client()
    response = client.post(LOGIN_URL, {"username": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    response = client.post(VERIFY_URL, {"token": f"{code:0{device.digits}d}"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def term(vocabulary: Vocabulary | str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)


def submit(
    *, actor: Any = None, channel: str = Channel.WEB, narrative: str = "Something happened.", **fields: Any
) -> Submitted:
    """File a complaint through ``complaint_create``, as any channel does."""
    return complaint_create(actor=actor, data=ComplaintInput(channel=channel, narrative=narrative, **fields))


def file_complaint(**fields: Any) -> Complaint:
    return submit(**fields).complaint


def keyring_private(user: User, complaint: Complaint, password: str = PASSWORD) -> bytes:
    """The complaint's private key as ``user`` opens it with the key unlocked by their password."""
    private = user_private_key_unlock(user=user, password=password)
    return vault.keyring_open_for_user(keyring=complaint.keyring, user=user, user_private=private)


def opened(user: User, complaint: Complaint, row: Any, field: str = "sealed") -> dict[str, Any]:
    """The sealed ``field`` of ``row`` (``complaint`` or one of its rows) opened by ``user``."""
    return vault.open_data(keyring_private(user, complaint), bound_to=(row, field))


def events(action: Action | str, **filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action(action), **filters).order_by("seq"))


def events_on(complaint: Complaint, action: Action | str) -> list[AuditEvent]:
    return events(action, target_type="cases.complaint", target_id=str(complaint.public_id))


def text(response: Any) -> str:
    """The page as a person reads it (entities decoded)."""
    return html.unescape(response.content.decode())


RECEIPT_RE = re.compile(r'id="receipt">([0-9 ]+)<')


def receipt_on_page(response: Any) -> str:
    """The receipt as the page shows it, digits only."""
    match = RECEIPT_RE.search(response.content.decode())
    assert match, response.content.decode()[:3000]
    return match.group(1).replace(" ", "")
