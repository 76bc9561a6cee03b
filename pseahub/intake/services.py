"""Intake for every channel: one entry point that hands the complaint to the case record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.message_templates import template_text
from pseahub.cases.models import ClosureReason, Complaint, Status
from pseahub.cases.outcomes import complaint_outcome
from pseahub.cases.services import ComplaintInput, PreparedReceipt, Submitted, complaint_create
from pseahub.core.notify import text_notice_send
from pseahub.core.ratelimit import network_count
from pseahub.vault import services as vault


def complaint_submit(*, actor: Any, data: ComplaintInput, prepared: PreparedReceipt | None = None) -> Submitted:
    """Receive a complaint from any channel (web form, operator, mailbox, SMS, field form)."""
    return complaint_create(actor=actor, data=data, prepared=prepared)


@dataclass(frozen=True)
class ReporterAccess:
    complaint: Complaint
    keyring_private: bytes


def receipt_open(*, receipt_text: str) -> ReporterAccess | None:
    """The complaint and its key for a receipt, or None. Wrong, malformed and unknown receipts cost the same
    Argon2id derivation and give the same None, so timing and answers reveal nothing."""
    receipt = vault.receipt_normalise(receipt_text)
    keys = vault.receipt_derive(receipt or "0" * vault.RECEIPT_DIGITS)
    if receipt is None:
        return None
    complaint = Complaint.objects.select_related("keyring").filter(receipt_lookup=keys.lookup).first()
    if complaint is None:
        return None
    try:
        keyring_private = vault.keyring_open_for_complainant(keyring=complaint.keyring, complainant_key=keys.key)
    except vault.NoGrantError:
        return None
    record(actor=None, action=Action.REPORTER_FOLLOWED_UP, target=complaint)
    return ReporterAccess(complaint=complaint, keyring_private=keyring_private)


RECEIPT_BURST_SUBJECT = _("Many wrong receipt codes on the follow-up page")
RECEIPT_BURST_BODY = _(
    "%(count)d wrong receipt codes were entered on the public follow-up page within %(minutes)d minutes. "
    "Someone may be trying to guess receipts. Each connection is still limited, and a guess is very unlikely "
    "to succeed; if it goes on, tell whoever runs the server.\n\n%(link)s"
)


def receipt_wrong_noted() -> bool:
    """Count one wrong receipt, from any client. When wrong receipts reach
    ``INTAKE_RECEIPT_BURST_THRESHOLD`` within the window, the coordinators are told (once per window; the count
    is atomic, so exactly one request sees the threshold). True when this call sent the notice."""
    minutes = int(settings.INTAKE_RECEIPT_BURST_WINDOW_MINUTES)
    count = network_count(scope="receipt-wrong", window=minutes * 60)
    if count != int(settings.INTAKE_RECEIPT_BURST_THRESHOLD):
        return False
    coordinators = User.objects.filter(is_active=True, role_assignments__role=Role.COORDINATOR).distinct()
    with transaction.atomic():
        record(
            actor=None, action=Action.RECEIPT_GUESSES_BURST, data={"wrong_receipts": count, "window_minutes": minutes}
        )
        text_notice_send(
            recipients=[(user.email, user.language) for user in coordinators],
            subject=RECEIPT_BURST_SUBJECT,
            body=RECEIPT_BURST_BODY,
            params={"count": count, "minutes": minutes},
        )
    return True


REPORTER_STATUS = {
    Status.NEW: _("We have received your report. The PSEA coordinator will read it soon."),
    Status.TRIAGED: _("The PSEA coordinator is looking at your report."),
    Status.REFERRED: _("Your report was passed to the organisation concerned, which is looking into it."),
    Status.IN_PROGRESS: _("The organisation concerned is looking into your report."),
    Status.CLOSED: _("Your report is closed. Read the messages below for the outcome."),
}

# A closed complaint, by closure reason (an outcome reached adds the outcome's words; see reporter_status_text).
REPORTER_CLOSED = {
    ClosureReason.OUTCOME_REACHED: _("Your report is closed: the investigation has ended."),
    ClosureReason.FORWARDED: _(
        "Your report was not about abuse by aid workers, so we passed it to the organisation's feedback service."
    ),
    ClosureReason.INSUFFICIENT_INFORMATION: _(
        "Your report is closed: there was not enough information to act on it. If you have more information, "
        "you can add it below."
    ),
    ClosureReason.WITHDRAWN: _("Your report is closed because you withdrew it."),
    ClosureReason.DUPLICATE: _(
        "Your report is closed because another report about the same events is already being dealt with."
    ),
    ClosureReason.OTHER: REPORTER_STATUS[Status.CLOSED],
}

# Outcome codes (the "outcome" vocabulary) told to the reporter in the words of a message template.
OUTCOME_TEMPLATES = {"substantiated": "outcome_substantiated", "not_substantiated": "outcome_not_substantiated"}


def reporter_status_text(complaint: Complaint) -> str:
    """The complaint's status in plain words for the reporter, in the current language. Once the investigation
    has an outcome the reporter reads it (in the words of the message templates), closed or not; a closed
    complaint says why it was closed."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    outcome = OUTCOME_TEMPLATES.get(complaint_outcome(complaint) or "", "")
    outcome_text = template_text(outcome, language) if outcome else ""
    if complaint.status == Status.CLOSED:
        reason = ClosureReason.FORWARDED if complaint.forwarded_to_id else complaint.closure_reason
        if reason == ClosureReason.OUTCOME_REACHED and outcome_text:
            # Not inside the f-string: makemessages does not extract a call made in one.
            closed = _("Your report is closed.")
            return f"{closed} {outcome_text}"
        return str(REPORTER_CLOSED.get(ClosureReason(reason or ClosureReason.OTHER), REPORTER_STATUS[Status.CLOSED]))
    if outcome_text:
        return outcome_text
    return str(REPORTER_STATUS.get(Status(complaint.status), REPORTER_STATUS[Status.NEW]))
