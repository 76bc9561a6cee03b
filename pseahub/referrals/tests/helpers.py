"""Plain helpers for the referral tests: complaints filed through the real services with distinctive sealed
text, real sign-in (so the user's private key is unlocked), referrals driven through the services, audit rows,
and e-mails read back from a real SMTP server."""

from __future__ import annotations

import email
import html
import secrets
from email import policy
from email.message import EmailMessage
from typing import Any

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.models import User
from pseahub.accounts.services import user_private_key_unlock
from pseahub.accounts.tests.factories import PASSWORD
from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Channel, Classification, Complaint, Term, Vocabulary
from pseahub.cases.services import (
    ComplaintInput,
    Submitted,
    complaint_create,
    complaint_triage,
    consent_record,
)
from pseahub.network.models import NetworkSettings
from pseahub.referrals.models import Referral
from pseahub.referrals.services import allegation_refer, assistance_refer

LOGIN_URL = "/accounts/login/"
VERIFY_URL = "/accounts/two-factor/"


def sign_in(user: User, password: str = PASSWORD) -> Client:
    """A client signed in through the real pages (password, then a TOTP code): the user's private key is
    unlocked for the session, as in production. A fresh authenticator each time avoids a replayed code."""
    device = TOTPDevice.objects.create(user=user, name=f"t {secrets.token_hex(4)}", confirmed=True)
    client = Client()
    response = client.post(LOGIN_URL, {"username": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    response = client.post(VERIFY_URL, {"token": f"{code:0{device.digits}d}"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def private_key(user: User, password: str = PASSWORD) -> bytes | None:
    """The user's private key as the login unlocks it."""
    return user_private_key_unlock(user=user, password=password)


def network(**fields: Any) -> NetworkSettings:
    """Store the network's settings (the one row), bypassing the admin's validation on purpose."""
    instance, _created = NetworkSettings.objects.update_or_create(id=1, defaults=fields)
    return instance


def term(vocabulary: Vocabulary | str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)


def submit(*, narrative: str = "Something happened.", channel: str = Channel.WEB, **fields: Any) -> Submitted:
    return complaint_create(actor=None, data=ComplaintInput(channel=channel, narrative=narrative, **fields))


def sea_complaint(
    personas: Any, *, organisation: Any = None, consents: tuple[str, ...] = (), **fields: Any
) -> Complaint:
    """A complaint naming ``organisation`` (org A by default), triaged as SEA, with the given consents."""
    complaint = submit(reported_organisation=organisation or personas.org_a, **fields).complaint
    complaint_triage(
        actor=personas.coordinator,
        complaint=complaint,
        classification=Classification.SEA,
        complainant_type="survivor",
        is_urgent=False,
        involves_child=complaint.involves_child,
    )
    for purpose in consents:
        consent_given(personas, complaint, purpose)
    return Complaint.objects.get(pk=complaint.pk)


def consent_given(personas: Any, complaint: Complaint, purpose: str, given_by: str = "survivor") -> None:
    consent_record(
        actor=personas.coordinator, complaint=complaint, purpose=purpose, decision="given", given_by=given_by
    )


def refer(personas: Any, complaint: Complaint, *, summary: str = "De-identified summary.", **kwargs: Any) -> Referral:
    """Refer the complaint's first allegation as the coordinator."""
    return allegation_refer(
        actor=personas.coordinator,
        allegation=complaint.allegations.first(),
        summary=summary,
        share_identity=kwargs.pop("share_identity", False),
        actor_private=private_key(personas.coordinator),
        **kwargs,
    )


def refer_assistance(
    personas: Any, complaint: Complaint, service: Any, *, summary: str = "Needs a doctor."
) -> Referral:
    return assistance_refer(
        actor=personas.coordinator,
        complaint=complaint,
        service=service,
        summary=summary,
        actor_private=private_key(personas.coordinator),
    )


def events(action: Action | str, **filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action(action), **filters).order_by("seq"))


def events_on(complaint: Complaint, action: Action | str) -> list[AuditEvent]:
    return events(action, target_type="cases.complaint", target_id=str(complaint.public_id))


def text(response: Any) -> str:
    """The page as a person reads it (entities decoded)."""
    return html.unescape(response.content.decode())


def parse_mail(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


def mail_text(message: EmailMessage) -> tuple[str, str]:
    """Decoded subject and the decoded text of every part of the body."""
    parts = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    # A folded, encoded (non-ASCII) subject can decode with leading whitespace.
    return " ".join(str(message["Subject"]).split()), "\n".join(parts)
