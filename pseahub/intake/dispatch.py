"""Messages to reporters over SMS/WhatsApp leave the web request sealed, and the task worker sends them.

A coordinator's action (sending a message, confirming held ones) calls ``dispatch_queue``, and so does the
webhook that creates a complaint, for its receipt code (``adapters.sms.receipt_queue``): the number and the
text are sealed to the **dispatch key** (an X25519 key pair outside the database: ``DISPATCH_PUBLIC_KEY``, and
``DISPATCH_PRIVATE_KEY`` held only by the task worker) with a MAC under a sub-key of ``INTEGRITY_KEY`` over the
row's public id and the ciphertext, so a database writer can neither read a queued message nor forge one (which
would make the worker send texts of its choosing from the network's number). Once committed, the task
``intake.tasks.dispatch_deliver`` opens and sends the complaint's queued messages in order; the ciphertext is
deleted once a message is sent or given up, and the row keeps only its delivery state (queued, sent, failed).

Retries: network errors, timeouts, ``5xx``, ``408`` and ``429`` are tried again, ``MAX_ATTEMPTS`` in all,
``RETRY_DELAYS`` apart (immediately with a backend that cannot defer); a ``4xx`` or a channel that cannot reply
fails at once. A message waiting for a retry keeps the later ones of its complaint waiting, so the reporter
reads them in the order they were written.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import hashlib
import hmac
import json
import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.models import Complaint, Message
from pseahub.core.secrets import integrity_subkey
from pseahub.vault import crypto

from .models import Dispatch, DispatchKind, DispatchState, IntakeChannel

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
RETRY_DELAYS = (30.0, 300.0, 1800.0)  # seconds before the 2nd, 3rd and 4th attempt
#: A message claimed by a worker that died before recording the outcome is tried again after this long.
CLAIM_TIMEOUT = dt.timedelta(minutes=15)
MAC_PURPOSE = "intake-dispatch-v1"
KEY_BYTES = 32


# --- the dispatch key -------------------------------------------------------------------------------------------
def _key(name: str) -> bytes | None:
    value: str = getattr(settings, name, "") or ""
    if not value:
        return None
    try:
        key = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name} is not base64 (`manage.py dispatch_keygen` makes a pair).") from None
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"{name} must be {KEY_BYTES} bytes, base64-encoded.")
    return key


def _dev_private() -> bytes:
    if not getattr(settings, "SECRETS_DEV_FALLBACK", False):
        raise ImproperlyConfigured(
            "DISPATCH_PUBLIC_KEY / DISPATCH_PRIVATE_KEY must be set (directly or through _FILE); see the README, "
            "Production."
        )
    # Dev and test only: derived from SECRET_KEY so that a checkout runs without set-up.
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), b"pseahub-dev-dispatch-key", hashlib.sha256).digest()


def dispatch_private_key() -> bytes:
    """The private half: only the task worker needs it (and has it, in production)."""
    return _key("DISPATCH_PRIVATE_KEY") or _dev_private()


def dispatch_public_key() -> bytes:
    """``DISPATCH_PUBLIC_KEY``, or the public half of ``DISPATCH_PRIVATE_KEY`` where only that is set."""
    public = _key("DISPATCH_PUBLIC_KEY")
    if public is not None:
        return public
    return crypto.public_key_of(dispatch_private_key())


def dispatch_keypair_new() -> tuple[str, str]:
    """A new key pair as (public, private), base64."""
    pair = crypto.keypair_generate()
    return base64.b64encode(pair.public).decode("ascii"), base64.b64encode(pair.private).decode("ascii")


def dispatch_key_problems() -> list[str]:
    """What is wrong with the dispatch key settings (empty when nothing is): for ``check --deploy``."""
    try:
        public, private = _key("DISPATCH_PUBLIC_KEY"), _key("DISPATCH_PRIVATE_KEY")
    except ImproperlyConfigured as exc:
        return [str(exc)]
    if public is None and private is None:
        return ["Neither DISPATCH_PUBLIC_KEY nor DISPATCH_PRIVATE_KEY is set: messages to reporters cannot be queued."]
    if public is not None and private is not None and crypto.public_key_of(private) != public:
        return ["DISPATCH_PUBLIC_KEY is not the public half of DISPATCH_PRIVATE_KEY."]
    return []


# --- sealing: the only place that seals or opens a queued message ---------------------------------------------
def _mac(public_id: uuid.UUID, sealed: bytes) -> bytes:
    return hmac.new(integrity_subkey(MAC_PURPOSE), public_id.bytes + sealed, hashlib.sha256).digest()


def _seal(public_id: uuid.UUID, payload: dict[str, str]) -> tuple[bytes, bytes]:
    plaintext = json.dumps({"id": str(public_id), **payload}).encode("utf-8")
    sealed = crypto.seal(dispatch_public_key(), plaintext)
    return sealed, _mac(public_id, sealed)


def _open(dispatch: Dispatch) -> dict[str, str]:
    """The queued number and text; raises ``crypto.VaultError`` for a ciphertext this installation did not
    queue for this row (a forged, swapped or altered one)."""
    sealed, mac = bytes(dispatch.sealed or b""), bytes(dispatch.mac or b"")
    if not sealed or not hmac.compare_digest(_mac(dispatch.public_id, sealed), mac):
        raise crypto.VaultError("the queued message's MAC does not match")
    payload = json.loads(crypto.unseal(dispatch_private_key(), sealed))
    if not isinstance(payload, dict) or payload.get("id") != str(dispatch.public_id):
        raise crypto.VaultError("the queued message belongs to another row")
    return {key: str(value) for key, value in payload.items()}


# --- queueing (the web request) -------------------------------------------------------------------------------
def dispatch_queue(
    *,
    complaint: Complaint,
    channel: IntakeChannel,
    to: str,
    text: str = "",
    content_sid: str = "",
    message: Message | None = None,
    kind: DispatchKind | None = None,
) -> Dispatch:
    """Queue one message for ``to``, sealed to the dispatch key; the worker sends it once committed. Nothing in
    clear is stored, and nothing leaves the request. ``kind`` defaults to a template with ``content_sid``, a
    message otherwise. Raises ``ImproperlyConfigured`` (before writing anything) without a dispatch key."""
    public_id = uuid.uuid4()
    sealed, mac = _seal(public_id, {"to": to, "text": text, "content_sid": content_sid})
    dispatch = Dispatch.objects.create(
        public_id=public_id,
        complaint=complaint,
        channel=channel,
        message=message,
        kind=kind or (DispatchKind.TEMPLATE if content_sid else DispatchKind.MESSAGE),
        sealed=sealed,
        mac=mac,
        queued_at=timezone.now(),
    )
    complaint_id = complaint.pk
    transaction.on_commit(lambda: _enqueue(complaint_id))
    return dispatch


def _enqueue(complaint_id: int, delay: float = 0.0) -> None:
    from .tasks import dispatch_deliver

    task = dispatch_deliver
    if delay > 0 and dispatch_deliver.get_backend().supports_defer:
        task = dispatch_deliver.using(run_after=timezone.now() + dt.timedelta(seconds=delay))
    task.enqueue(complaint_id=complaint_id)


# --- sending (the task worker) --------------------------------------------------------------------------------
@transaction.atomic
def _finish(dispatch: Dispatch, state: DispatchState, error: str = "") -> None:
    """The outcome; the ciphertext goes with it."""
    Dispatch.objects.filter(pk=dispatch.pk).update(
        state=state, error=error, sealed=None, mac=None, finished_at=timezone.now(), next_attempt_at=None
    )
    channel = dispatch.channel
    data: dict[str, Any] = {
        "channel": channel.slug,
        "provider": channel.provider,
        "kind": dispatch.kind,
        "attempts": dispatch.attempts,
    }
    if state == DispatchState.SENT:
        action, data = Action.REPORTER_MESSAGE_RELAYED, {**data, "sent": True}
    else:
        action, data = Action.REPORTER_MESSAGE_FAILED, {**data, "error": error}
    record(actor=None, action=action, target=dispatch.complaint, data=data)


def _claim(dispatch: Dispatch, now: dt.datetime) -> bool:
    """Take the message for this run (a conditional update: two runs never send it twice), counting the attempt."""
    waiting = Q(state=DispatchState.QUEUED) | Q(state=DispatchState.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    taken = Dispatch.objects.filter(waiting, pk=dispatch.pk).update(
        state=DispatchState.SENDING, claimed_at=now, attempts=dispatch.attempts + 1
    )
    dispatch.attempts += 1
    return taken == 1


def _attempt(dispatch: Dispatch) -> tuple[bool, str]:
    """(sent, failure code); a transient failure with attempts left raises ``_Later``."""
    from .adapters.sms import SendFailure, reply_attempt

    if dispatch.complaint.purged_at is not None:
        return False, "purged"
    try:
        payload = _open(dispatch)
    except (crypto.VaultError, ValueError):
        logger.error("intake dispatch %s: the queued message cannot be opened (altered, or another key)", dispatch.pk)
        return False, "unreadable"
    except ImproperlyConfigured:
        logger.error("intake dispatch: this worker has no DISPATCH_PRIVATE_KEY")
        if dispatch.attempts < MAX_ATTEMPTS:
            raise _Later from None
        return False, "no_dispatch_key"
    try:
        reply_attempt(dispatch.channel, payload["to"], payload["text"], content_sid=payload.get("content_sid", ""))
    except SendFailure as failure:
        if failure.transient and dispatch.attempts < MAX_ATTEMPTS:
            raise _Later from None
        return False, failure.code
    return True, ""


class _Later(Exception):  # noqa: N818 - control flow
    """Try this message again later."""


def dispatch_deliver_run(*, complaint_id: int) -> dict[str, int]:
    """Send the complaint's queued messages in order. Counts only (never a number or a text).

    The oldest unfinished message is taken each time round (so one queued during this run is seen): one being
    sent by another run, or waiting for its retry, stops this run, and the later ones wait behind it.
    """
    counts = {"sent": 0, "failed": 0, "retrying": 0}
    while True:
        now = timezone.now()
        dispatch = (
            Dispatch.objects.filter(complaint_id=complaint_id, state__in=[DispatchState.QUEUED, DispatchState.SENDING])
            .select_related("channel", "complaint")
            .order_by("pk")
            .first()
        )
        if dispatch is None:
            break
        if dispatch.next_attempt_at and dispatch.next_attempt_at > now and _enqueue_supports_defer():
            break  # its retry is scheduled
        if not _claim(dispatch, now):
            break  # another run is sending it and goes on with the rest
        try:
            sent, error = _attempt(dispatch)
        except _Later:
            delay = RETRY_DELAYS[min(dispatch.attempts - 1, len(RETRY_DELAYS) - 1)]
            with transaction.atomic():
                Dispatch.objects.filter(pk=dispatch.pk).update(
                    state=DispatchState.QUEUED, next_attempt_at=now + dt.timedelta(seconds=delay)
                )
                transaction.on_commit(functools.partial(_enqueue, complaint_id, delay))
            counts["retrying"] += 1
            break
        _finish(dispatch, DispatchState.SENT if sent else DispatchState.FAILED, error)
        counts["sent" if sent else "failed"] += 1
    return counts


def _enqueue_supports_defer() -> bool:
    from .tasks import dispatch_deliver

    return bool(dispatch_deliver.get_backend().supports_defer)


#: A queued message still waiting this long after it was due has lost its task (a worker stopped, a crash
#: between the commit and the enqueue): the sweep enqueues its complaint again.
SWEEP_GRACE = dt.timedelta(minutes=5)


def dispatch_sweep_run() -> int:
    """Enqueue the delivery of every complaint with a message overdue (see ``SWEEP_GRACE``) or claimed by a
    worker that died; how many complaints. Enqueuing twice is harmless: each message is claimed once."""
    now = timezone.now()
    overdue = Q(state=DispatchState.QUEUED) & (
        Q(next_attempt_at__lte=now - SWEEP_GRACE) | Q(next_attempt_at__isnull=True, queued_at__lte=now - SWEEP_GRACE)
    )
    stale = Q(state=DispatchState.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    complaint_ids = list(Dispatch.objects.filter(overdue | stale).values_list("complaint_id", flat=True).distinct())
    for complaint_id in complaint_ids:
        _enqueue(complaint_id)
    return len(complaint_ids)


# --- reading --------------------------------------------------------------------------------------------------
def dispatches_of(complaint: Complaint) -> list[Dispatch]:
    """The complaint's outgoing messages with their delivery state, oldest first."""
    return list(Dispatch.objects.filter(complaint=complaint).select_related("channel").order_by("pk"))
