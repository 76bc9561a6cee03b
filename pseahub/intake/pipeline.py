"""The one intake pipeline behind every external channel adapter (mailbox, SMS, WhatsApp, field forms).

An adapter parses its input into an ``InboundInput`` and calls ``inbound_receive``. The pipeline makes
intake exactly-once (by the provider's message id), threads a sender's messages into their open complaint
(by a keyed hash of the sender, never the sender in clear), and hands new complaints to the same case
services the web form and the operators use (``complaint_prepare`` then ``complaint_store``: what
``complaint_create`` does, split so that the pipeline's own rows join the same transaction).

Media the provider only links to (Twilio media, Kobo attachments) are not fetched here: once the complaint
is committed the pipeline enqueues ``tasks.media_fetch`` (see ``media.py``), so the webhook answers at once.
SMS and WhatsApp reporters are then asked the consent questions, and their answers on the thread recorded
(``consent_sms.py``, through ``consent_start`` and ``consent_reply``).
Each inbound message on a thread also opens WhatsApp's 24-hour reply window again (``last_inbound_at``);
when coordinator messages were held for it, the coordinators are told that they can go out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from pseahub.accounts.models import Role, User
from pseahub.cases.models import Complaint, Status
from pseahub.cases.services import (
    AttachmentInput,
    ComplaintInput,
    PreparedReceipt,
    complaint_prepare,
    complaint_store,
    receipt_prepare,
    reporter_information_add,
)
from pseahub.core.notify import notice_send

from .language import channel_default_language, report_language
from .media import MediaItem, media_enqueue
from .models import Conversation, HeldMessage, InboundMessage, IntakeChannel

#: Messages from the same sender within this time after the last one join the same open complaint.
CONVERSATION_WINDOW = dt.timedelta(days=14)


@dataclass
class InboundInput:
    external_id: str
    body: str
    sender: str = ""  # address or phone number: sealed, and hashed for threading
    language: str = ""  # set only where the reporter chose it; otherwise detected from ``language_text``
    language_text: str = ""  # the reporter's own words, for detecting the language (default: ``body``)
    attachments: list[AttachmentInput] = field(default_factory=list)
    media: list[MediaItem] = field(default_factory=list)  # fetched by a background task once committed
    received_at: dt.datetime | None = None
    quarantine_note: str = ""  # set by an adapter that could not fully parse the input
    extra_sealed: dict[str, object] = field(default_factory=dict)
    complaint_fields: dict[str, object] = field(default_factory=dict)  # clear fields a structured form gives
    thread: bool = True  # SMS/WhatsApp thread by sender; mail and forms make one complaint per message
    issue_receipt: bool = True  # False where the channel cannot give the receipt back (no reply configured)
    # The receipt derived by a caller before it opened its own transaction (the mailbox commits a batch of
    # messages in one): the Argon2id derivation is the slow part and must not hold the write lock.
    prepared: PreparedReceipt | None = None
    # Where the channel gives the receipt back: called with the new complaint and its receipt inside the
    # transaction that creates it, to queue the reply (``adapters.sms.receipt_queue``), so that a complaint is
    # never committed without its receipt queued, and the receipt comes before any later message.
    receipt_reply: Callable[..., object] | None = None
    # SMS/WhatsApp: the consent questions (``consent_sms.py``). ``consent_start(complaint=, body=)`` is called
    # for a new complaint in the transaction that creates it, after its receipt is queued;
    # ``consent_reply(complaint=, body=)`` for a threaded message in the transaction that threads it: True when
    # the message was answers or a withdrawal (recorded as consents), which is then not added as a message.
    consent_start: Callable[..., object] | None = None
    consent_reply: Callable[..., bool] | None = None


@dataclass(frozen=True)
class InboundResult:
    complaint: Complaint
    created: bool  # a new complaint (False: added to a thread, or a duplicate)
    duplicate: bool
    receipt: str = ""  # only for a new complaint: to send back where the channel allows


def sender_hash(channel: IntakeChannel, sender: str) -> str:
    """A keyed hash of the sender for threading; without the server's key it cannot be reversed by
    hashing every phone number."""
    key = hmac.new(settings.SECRET_KEY.encode(), f"intake-sender:{channel.pk}".encode(), hashlib.sha256).digest()
    normalised = "".join(ch for ch in sender.lower() if ch.isalnum() or ch in "@.+")
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def _open_thread(channel: IntakeChannel, hashed: str, now: dt.datetime) -> Conversation | None:
    return (
        Conversation.objects.select_related("complaint")
        .filter(channel=channel, sender_hash=hashed, last_message_at__gte=now - CONVERSATION_WINDOW)
        .exclude(complaint__status=Status.CLOSED)
        .order_by("-last_message_at")
        .first()
    )


def _held_notify(complaint: Complaint) -> None:
    """The reporter wrote again: coordinators who can open the complaint learn that held messages can go out
    (sending needs a coordinator's key: the server cannot read them). The notice names the reference only."""
    if not HeldMessage.objects.filter(complaint=complaint, sent_at__isnull=True).exists():
        return
    readers = User.objects.filter(
        is_active=True, role_assignments__role=Role.COORDINATOR, key_grants__keyring_id=complaint.keyring_id
    ).distinct()
    notice_send(
        recipients=[(user.email, user.language) for user in readers],
        subject=gettext_lazy("The reporter of %(reference)s wrote again: open it to send the held messages"),
        reference=complaint.reference,
        path=f"/cases/{complaint.public_id}/",
    )


def inbound_receive(*, channel: IntakeChannel, data: InboundInput) -> InboundResult:
    """Receive one external message exactly once. Safe to call again with the same ``external_id``."""
    result = _receive(channel=channel, data=data)
    # Also for a duplicate: the fetch is idempotent, and a crash between the commit and the enqueue of the
    # first delivery is then made good by the provider's retry.
    media_enqueue(channel=channel, complaint=result.complaint, media=data.media)
    return result


def _receive(*, channel: IntakeChannel, data: InboundInput) -> InboundResult:
    existing = InboundMessage.objects.filter(channel=channel, external_id=data.external_id).select_related("complaint")
    found = existing.first()
    if found is not None:
        return InboundResult(complaint=found.complaint, created=False, duplicate=True)
    now = data.received_at or timezone.now()
    hashed = sender_hash(channel, data.sender) if data.sender else ""
    thread = _open_thread(channel, hashed, now) if (data.thread and hashed) else None
    try:
        if thread is not None:
            with transaction.atomic():
                InboundMessage.objects.create(channel=channel, external_id=data.external_id, complaint=thread.complaint)
                answered = data.consent_reply is not None and data.consent_reply(
                    complaint=thread.complaint, body=data.body
                )
                if not answered or data.attachments:
                    reporter_information_add(complaint=thread.complaint, body=data.body, attachments=data.attachments)
                Conversation.objects.filter(pk=thread.pk).update(last_message_at=now, last_inbound_at=now)
                _held_notify(thread.complaint)
            return InboundResult(complaint=thread.complaint, created=False, duplicate=False)
        complaint_input = ComplaintInput(
            channel=channel.type,
            language=data.language
            or report_language(data.language_text or data.body, default=channel_default_language(channel)),
            narrative=data.body,
            reporter_contact=data.sender,
            attachments=data.attachments,
            received_at=now,
            is_quarantined=bool(data.quarantine_note),
            extra_sealed={
                **data.extra_sealed,
                **({"quarantine_note": data.quarantine_note} if data.quarantine_note else {}),
            },
        )
        for name, value in data.complaint_fields.items():
            setattr(complaint_input, name, value)
        # Sealed before the transaction opens: the write lock is held for the inserts only.
        ready = complaint_prepare(
            actor=None, data=complaint_input, prepared=data.prepared or receipt_prepare(issue=data.issue_receipt)
        )
        with transaction.atomic():
            submitted = complaint_store(ready)
            InboundMessage.objects.create(channel=channel, external_id=data.external_id, complaint=submitted.complaint)
            if hashed and data.thread:
                Conversation.objects.create(
                    channel=channel,
                    sender_hash=hashed,
                    complaint=submitted.complaint,
                    last_message_at=now,
                    last_inbound_at=now,
                )
            if data.receipt_reply is not None and submitted.receipt:
                data.receipt_reply(complaint=submitted.complaint, receipt=submitted.receipt)
            if data.consent_start is not None:
                data.consent_start(complaint=submitted.complaint, body=data.body)
        return InboundResult(complaint=submitted.complaint, created=True, duplicate=False, receipt=submitted.receipt)
    except IntegrityError:
        # Another worker received the same message at the same moment and won: theirs stands.
        found = existing.first()
        if found is None:
            raise
        return InboundResult(complaint=found.complaint, created=False, duplicate=True)
