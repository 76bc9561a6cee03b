"""The neutral mailbox: poll an IMAP folder and turn each new message into exactly one sealed complaint.

Exactly-once, in this order for every message:

1. fetch it (``BODY.PEEK[]``, so a person reading the mailbox still sees it unread);
2. parse it (``mail_parse``, which never raises) and, when a reply will carry a receipt, derive the receipt,
   both before any transaction opens;
3. hand it to ``inbound_receive`` inside its batch's transaction, which writes the complaint together with an
   ``InboundMessage`` keyed by the (hashed) Message-ID, and commit;
4. only then mark it on the server: the processed keyword (``UID STORE +FLAGS``), then the optional move.

Messages go in batches: one FETCH for up to ``batch_messages`` messages (20), their complaints committed
together in one database transaction, then one STORE for the batch. A commit waits for the disk flush (a few
milliseconds on PostgreSQL here), so one commit per batch instead of one per message saves most of that wait.
Each message gets its own savepoint inside the batch's transaction: one that fails (a failure in sealing, a
database error such as losing a race on the Message-ID) rolls back alone and is handled as it would be on its
own (kept quarantined with a note, or left unmarked for the next poll); the others of the batch commit. A
transaction that has taken ``batch_seconds`` (1 s) of work commits early and the rest of the batch goes on
in a new one, so the database's write lock (SQLite) and the audit chain's head (PostgreSQL) are never held
for long; the STORE still waits for the whole batch.

A crash after a commit and before the STORE leaves committed complaints whose messages are unmarked; the
next poll fetches them again, ``inbound_receive`` finds each ``InboundMessage`` and does nothing, and they
get marked. A crash (or a failed commit) inside a transaction leaves nothing of it behind and marks none of
its messages. So every message ends up as one complaint, never none and never two. The acknowledgement
reply, like anything else that leaves the server, goes only after its complaint's transaction committed.

The channel's ``config`` (non-secret, JSON) and its password in the environment variable named by
``secret_env``: see ``MailboxConfig``. Nothing here logs message content, addresses or subjects.
"""

from __future__ import annotations

import datetime as dt
import imaplib
import ipaddress
import logging
import re
import ssl
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pseahub.cases.services import receipt_prepare
from pseahub.core.notify import email_deliver, site_url
from pseahub.intake.models import InboundMessage, IntakeChannel, Provider
from pseahub.intake.pipeline import InboundInput, InboundResult, inbound_receive
from pseahub.network.selectors import network_settings_get
from pseahub.vault import services as vault

from .mail_parse import ParsedMail, mail_parse

logger = logging.getLogger(__name__)

#: A message larger than this on the server is read only up to this size (attachments then dropped, noted).
MAX_MESSAGE_BYTES = 64 * 2**20
#: Messages fetched with one FETCH, committed in one transaction and marked with one STORE: at most this many
#: (the channel's ``batch_messages``), about ``BATCH_BYTES`` bytes.
BATCH_MESSAGES = 20
#: A batch's transaction commits once its work has taken this long (the channel's ``batch_seconds``); the rest
#: of the batch goes on in a new transaction.
BATCH_SECONDS = 1.0
#: The most ``batch_messages`` may say: a batch is held in memory and its messages are marked together.
BATCH_MESSAGES_MAX = 200
#: Messages per channel per periodic run (every minute): 500 is ~10 s of work at the P5 rate.
POLL_LIMIT = 500
BATCH_BYTES = 16 * 2**20
KEYWORD = re.compile(r"^\$?[A-Za-z0-9_.-]{1,64}$")
#: How the connection is protected: implicit TLS (IMAPS, port 993), STARTTLS (port 143), or none.
SECURITY_MODES = ("tls", "starttls", "plain")
FETCH_SIZE = re.compile(rb"UID (\d+)|RFC822\.SIZE (\d+)|INTERNALDATE \"([^\"]+)\"")


class MailboxError(Exception):
    """The channel cannot be polled (configuration, password, server refusing): nothing was taken in."""


@dataclass(frozen=True)
class MailboxConfig:
    """``IntakeChannel.config`` of an IMAP channel, e.g.
    ``{"host": "imap.example.org", "port": 993, "username": "psea@example.org", "folder": "INBOX"}``.

    ``security`` is ``"tls"`` (IMAP over TLS, the default), ``"starttls"`` (plain IMAP upgraded with STARTTLS
    before the password is sent; refused when the server does not offer it, never a fallback to plain text) or
    ``"plain"`` (only for a server on this machine, such as the tests' Dovecot). The older ``"tls": true/false``
    means ``"tls"``/``"plain"``. The certificate is always checked, against the system's trusted authorities or,
    with ``ca_file``, against that file alone (a private CA).

    ``batch_messages`` (20) and ``batch_seconds`` (1.0) bound a batch: messages per FETCH, transaction and
    STORE, and the work after which a transaction commits early (see the module's docstring).
    """

    host: str
    username: str
    port: int = 993
    folder: str = "INBOX"
    security: str = "tls"
    ca_file: str = ""  # PEM file of the CA that signed the server's certificate (instead of the system's CAs)
    ack_reply: bool = False  # reply with the receipt and generic advice (off: no receipt is derived)
    processed_flag: str = "$PseaIngested"
    move_to: str = ""  # a folder to move processed messages to (needed where the server keeps no keywords)
    timeout: float = 60.0
    batch_messages: int = BATCH_MESSAGES
    batch_seconds: float = BATCH_SECONDS
    slug: str = ""  # the channel's, for the log

    @classmethod
    def from_channel(cls, channel: IntakeChannel) -> MailboxConfig:
        raw: dict[str, Any] = channel.config or {}
        if not isinstance(raw, dict) or not raw.get("host") or not raw.get("username"):
            raise MailboxError(f"channel {channel.slug}: config needs at least host and username")
        security = _security_of(channel.slug, raw)
        try:
            config = cls(
                host=str(raw["host"]),
                username=str(raw["username"]),
                port=int(raw.get("port") or (993 if security == "tls" else 143)),
                folder=str(raw.get("folder") or "INBOX"),
                security=security,
                ca_file=str(raw.get("ca_file") or ""),
                ack_reply=bool(raw.get("ack_reply", False)),
                processed_flag=str(raw.get("processed_flag") or "$PseaIngested"),
                move_to=str(raw.get("move_to") or ""),
                timeout=float(raw.get("timeout") or 60.0),
                batch_messages=int(raw.get("batch_messages", BATCH_MESSAGES)),
                batch_seconds=float(raw.get("batch_seconds", BATCH_SECONDS)),
                slug=channel.slug,
            )
        except (TypeError, ValueError) as exc:
            raise MailboxError(
                f"channel {channel.slug}: port, timeout, batch_messages and batch_seconds must be numbers"
            ) from exc
        if not 1 <= config.batch_messages <= BATCH_MESSAGES_MAX or not config.batch_seconds > 0:
            raise MailboxError(
                f"channel {channel.slug}: batch_messages must be 1 to {BATCH_MESSAGES_MAX} and batch_seconds "
                "more than 0"
            )
        if not KEYWORD.match(config.processed_flag):
            raise MailboxError(f"channel {channel.slug}: processed_flag must be an IMAP keyword such as $PseaIngested")
        if config.security == "plain" and not _is_loopback(config.host):
            # The password and every message would cross the network in clear text.
            raise MailboxError(
                f'channel {channel.slug}: security "plain" is only allowed for a server on this machine '
                '(127.0.0.1, ::1, localhost); use "tls" or "starttls"'
            )
        return config


def _security_of(slug: str, raw: dict[str, Any]) -> str:
    """``security``, or the older ``tls`` flag; a contradiction that would lower the protection is refused."""
    if "security" not in raw:
        return "tls" if bool(raw.get("tls", True)) else "plain"
    security = str(raw["security"]).strip().lower()
    if security not in SECURITY_MODES:
        raise MailboxError(f"channel {slug}: security must be one of {', '.join(SECURITY_MODES)}")
    if security == "plain" and bool(raw.get("tls", False)):
        raise MailboxError(f'channel {slug}: "tls": true and "security": "plain" contradict each other')
    return security


def _is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class PollResult:
    fetched: int = 0
    created: int = 0
    duplicates: int = 0  # already taken in (a re-poll after a crash): only marked now
    quarantined: int = 0
    failed: int = 0  # left unmarked on the server: the next poll tries again
    acknowledged: int = 0
    complaints: list[str] = field(default_factory=list)  # references of the new complaints

    def summary(self) -> dict[str, int]:
        return {
            "fetched": self.fetched,
            "created": self.created,
            "duplicates": self.duplicates,
            "quarantined": self.quarantined,
            "failed": self.failed,
            "acknowledged": self.acknowledged,
        }


AfterReceive = Callable[[InboundResult], None]


def mailbox_poll(
    *, channel: IntakeChannel, limit: int | None = None, after_receive: AfterReceive | None = None
) -> PollResult:
    """Take in every message of the channel's folder that is not marked processed (at most ``limit``).

    ``after_receive`` is called for each message once it is received, inside its batch's transaction (its time
    counts towards ``batch_seconds``), before the commit and the mark on the server (the tests use it to kill
    the worker there). Raises ``MailboxError`` when the mailbox cannot be used; a message that cannot be taken
    in is left unmarked and counted in ``failed``.
    """
    config = MailboxConfig.from_channel(channel)
    password = channel.secret()
    if not password:
        raise MailboxError(f"channel {channel.slug}: the environment variable {channel.secret_env!r} is empty")
    # Read once outside any transaction, so that the per-process reference table keeps it for the poll: read
    # first inside a batch's transaction, it would not be kept, and each complaint would query it again.
    network_settings_get()
    result = PollResult()
    with _connected(config, password) as imap:
        _select(imap, config)
        capabilities = _capabilities(imap)
        pending = _unprocessed(imap, config)
        if limit is not None:
            pending = pending[: max(limit, 0)]
        for batch in _batches(_sizes(imap, pending), config.batch_messages):
            # One FETCH for the batch's messages, one transaction (or more, see ``_take_in_batch``) for their
            # complaints and one STORE for those committed. A crash before the STORE leaves committed messages
            # unmarked; the next poll finds them taken in already.
            bodies = _fetch_many(imap, [uid for uid, size, _arrived in batch if size <= MAX_MESSAGE_BYTES])
            fetched: list[_Fetched] = []
            for uid, size, received_at in batch:
                truncated = size > MAX_MESSAGE_BYTES
                raw = _fetch_truncated(imap, uid) if truncated else bodies.pop(uid, None)
                if raw is None:  # gone meanwhile (expunged by someone else): nothing to take in
                    continue
                fetched.append(_Fetched(uid=uid, raw=raw, size=size, truncated=truncated, received_at=received_at))
            prepared = _prepare(channel, config, fetched, result)
            taken: list[int] = []
            while prepared:
                taken += _take_in_transaction(channel, config, prepared, result, after_receive)
            if taken:
                _mark_processed(imap, config, capabilities, taken)
    logger.info("mailbox %s: %s", channel.slug, result.summary())
    return result


def mailbox_poll_enabled(*, limit: int = POLL_LIMIT) -> dict[str, dict[str, int]]:
    """Poll every enabled IMAP channel, at most ``limit`` messages each (a backlog goes on at the next run, so
    the worker is not held for long); one failing mailbox does not stop the others."""
    results: dict[str, dict[str, int]] = {}
    for channel in IntakeChannel.objects.filter(is_enabled=True, provider=Provider.IMAP):
        try:
            results[channel.slug] = mailbox_poll(channel=channel, limit=limit).summary()
        except (MailboxError, imaplib.IMAP4.error, OSError) as exc:
            logger.warning("mailbox %s: not polled: %s", channel.slug, _safe_error(exc))
            results[channel.slug] = {"error": 1}
        except Exception as exc:  # a bug must not stop the other mailboxes; the next poll tries again
            logger.warning("mailbox %s: not polled (%s)", channel.slug, type(exc).__name__)
            results[channel.slug] = {"error": 1}
    return results


# --- one batch, one message -----------------------------------------------------------------------------
@dataclass
class _Fetched:
    uid: int
    raw: bytes
    size: int  # on the server
    truncated: bool  # larger than MAX_MESSAGE_BYTES: only the beginning was fetched
    received_at: dt.datetime | None


@dataclass
class _Prepared:
    """A parsed message, with its receipt derived when a reply will carry one: ready for the transaction."""

    uid: int
    parsed: ParsedMail
    data: InboundInput
    can_reply: bool


@dataclass
class _Received:
    """A message received inside the open transaction: counted, marked and answered only once it commits."""

    uid: int
    parsed: ParsedMail
    outcome: InboundResult
    can_reply: bool


class _TransactionLostError(Exception):
    """A message's failure left the batch's transaction unusable (the database connection, say)."""


def _prepare(
    channel: IntakeChannel, config: MailboxConfig, fetched: list[_Fetched], result: PollResult
) -> deque[_Prepared]:
    """Parse the batch's messages and derive the receipts their replies will carry, before any transaction
    opens: the Argon2id derivation is the slow part and must not hold the database's write lock. No receipt is
    derived for a message taken in already (a re-poll after a crash): one query for the batch says which."""
    prepared: deque[_Prepared] = deque()
    for message in fetched:
        result.fetched += 1
        parsed = mail_parse(message.raw)
        if message.truncated:
            parsed.attachments = []
            parsed.notes.append(
                f"the message is {message.size / 2**20:.0f} MB: only its first {MAX_MESSAGE_BYTES // 2**20} MB "
                "were read and no attachment was kept; the original stays in the mailbox"
            )
        can_reply = config.ack_reply and not parsed.automatic
        data = InboundInput(
            external_id=parsed.external_id,
            body=parsed.body,
            language_text=f"{parsed.subject}\n{parsed.body}",
            sender=parsed.sender,
            attachments=parsed.attachments,
            received_at=message.received_at,
            quarantine_note=parsed.quarantine_note,
            extra_sealed={"subject": parsed.subject} if parsed.subject else {},
            thread=False,  # mail does not thread: one complaint per message
            issue_receipt=can_reply,
        )
        prepared.append(_Prepared(uid=message.uid, parsed=parsed, data=data, can_reply=can_reply))
    replying = [item.data.external_id for item in prepared if item.can_reply]
    if replying:
        known = set(
            InboundMessage.objects.filter(channel=channel, external_id__in=replying).values_list(
                "external_id", flat=True
            )
        )
        for item in prepared:
            if item.can_reply and item.data.external_id not in known:
                # A failure here is left to the pipeline, which derives the receipt itself and handles it.
                with suppress(Exception):
                    item.data.prepared = receipt_prepare(issue=True)
    return prepared


def _take_in_transaction(
    channel: IntakeChannel,
    config: MailboxConfig,
    prepared: deque[_Prepared],
    result: PollResult,
    after_receive: AfterReceive | None,
) -> list[int]:
    """Take messages from the left of ``prepared`` into one transaction, each in its own savepoint, until
    none is left or the transaction has taken ``batch_seconds``; commit. The UIDs that may now be marked (none
    when the commit failed: those messages stay unmarked for the next poll)."""
    received: list[_Received] = []
    started = time.monotonic()
    try:
        with transaction.atomic():
            while prepared:
                item = _take_in(channel, prepared.popleft(), result)
                if item is not None:
                    received.append(item)
                    if after_receive is not None:
                        after_receive(item.outcome)
                if transaction.get_rollback():
                    raise _TransactionLostError
                if time.monotonic() - started >= config.batch_seconds:
                    break
    except (DatabaseError, _TransactionLostError) as exc:
        # Rolled back: none of these complaints exists. Their messages stay unmarked, for the next poll.
        name = "broken by a database error" if isinstance(exc, _TransactionLostError) else type(exc).__name__
        logger.warning(
            "mailbox %s: a transaction of %d message(s) did not commit, retried next poll (%s)",
            channel.slug,
            len(received),
            name,
        )
        result.failed += len(received)
        return []
    # Committed: count, and only now anything that leaves the server (the acknowledgement reply).
    for item in received:
        outcome = item.outcome
        if outcome.duplicate:
            result.duplicates += 1
        elif outcome.created:
            result.created += 1
            result.complaints.append(outcome.complaint.reference)
            if outcome.complaint.is_quarantined:
                result.quarantined += 1
        if item.can_reply and outcome.created and outcome.receipt and _acknowledge(channel, item.parsed, outcome):
            result.acknowledged += 1
    return [item.uid for item in received]


def _take_in(channel: IntakeChannel, message: _Prepared, result: PollResult) -> _Received | None:
    """Receive one message inside the batch's transaction (or find it taken in already); None when it failed
    and must stay unmarked."""
    outcome = _receive(channel, message.data)
    if outcome is None:
        result.failed += 1
        return None
    return _Received(uid=message.uid, parsed=message.parsed, outcome=outcome, can_reply=message.can_reply)


def _receive(channel: IntakeChannel, data: InboundInput) -> InboundResult | None:
    """The complaint, in the batch's transaction; or None when the database failed (the message stays for the
    next poll). Each attempt is a savepoint: a failure rolls back this message alone."""
    try:
        with transaction.atomic():
            return inbound_receive(channel=channel, data=data)
    except DatabaseError as exc:
        name = type(exc).__name__
        logger.warning("mailbox %s: a message was not taken in, retried next poll (%s)", channel.slug, name)
        return None
    except Exception as exc:  # something in this message breaks intake: keep its text, quarantined
        # Only the exception's type: its text might quote the message.
        name = type(exc).__name__
        logger.warning("mailbox %s: a message failed (%s); kept without attachments", channel.slug, name)
        note = (
            f"intake failed on this message ({type(exc).__name__}): attachments were not kept; "
            "the original stays in the mailbox"
        )
        data.attachments = []
        data.quarantine_note = "; ".join(filter(None, [data.quarantine_note, note]))
        try:
            with transaction.atomic():
                return inbound_receive(channel=channel, data=data)
        except Exception as again:
            logger.warning("mailbox %s: a message was not taken in (%s)", channel.slug, type(again).__name__)
            return None


def _acknowledge(channel: IntakeChannel, parsed: ParsedMail, outcome: InboundResult) -> bool:
    """Send the receipt and generic advice to the sender. Echoes nothing of the message: no subject, no quote."""
    language = outcome.complaint.language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = _("Your message was received")
        body = _(
            "Your message was received. It will be read only by the people who handle such reports, and "
            "treated confidentially.\n\n"
            "Your receipt number is: %(receipt)s\n\n"
            "Keep this number safe and private. With it you can see the answers to your report and add "
            "information, without giving your name, at:\n%(link)s\n\n"
            "If you are in danger now, go to a safe place and contact someone you trust or the emergency "
            "services.\n\n"
            "You may delete this e-mail once you have noted the number."
        ) % {"receipt": vault.receipt_format(outcome.receipt), "link": site_url("/report/follow")}
    try:
        email_deliver(to=parsed.sender, subject=subject, body=body)
    except Exception as exc:  # the complaint stands; only the reply is missing
        logger.warning(
            "mailbox %s: acknowledgement for %s not sent (%s)",
            channel.slug,
            outcome.complaint.reference,
            type(exc).__name__,
        )
        return False
    return True


# --- IMAP ------------------------------------------------------------------------------------------------
@contextmanager
def _connected(config: MailboxConfig, password: str) -> Iterator[imaplib.IMAP4]:
    """A signed-in connection. The password is sent only once the connection is protected as configured."""
    context = _tls_context(config) if config.security != "plain" else None
    imap: imaplib.IMAP4
    try:
        if config.security == "tls":
            imap = imaplib.IMAP4_SSL(config.host, config.port, ssl_context=context, timeout=config.timeout)
        else:
            imap = imaplib.IMAP4(config.host, config.port, timeout=config.timeout)
    except ssl.SSLError as exc:
        raise _tls_failed(config, exc) from exc
    signed_in = False
    try:
        if config.security == "starttls":
            _starttls(imap, config, context)
        if config.username.isascii() and password.isascii():
            imap.login(config.username, password)
        else:
            credentials = f"\0{config.username}\0{password}".encode()
            imap.authenticate("PLAIN", lambda _challenge: credentials)
        signed_in = True
        yield imap
    finally:
        with suppress(Exception):
            if signed_in:
                imap.logout()
            else:  # a refused upgrade or sign-in: just close, no further command on this connection
                imap.shutdown()


def _tls_context(config: MailboxConfig) -> ssl.SSLContext:
    """Certificate and host name checked; with ``ca_file``, only that CA is trusted."""
    try:
        return ssl.create_default_context(cafile=config.ca_file or None)
    except (OSError, ssl.SSLError) as exc:
        raise MailboxError(
            f"ca_file {config.ca_file!r} cannot be read as PEM certificates: {_safe_error(exc)}"
        ) from exc


def _starttls(imap: imaplib.IMAP4, config: MailboxConfig, context: ssl.SSLContext | None) -> None:
    """Upgrade to TLS, or refuse: a server (or someone in between) not offering STARTTLS never gets the
    password in clear text."""
    if "STARTTLS" not in imap.capabilities:
        logger.warning(
            "mailbox %s: refused %s:%s: STARTTLS was asked for but the server does not offer it; not signed in",
            config.slug,
            config.host,
            config.port,
        )
        raise MailboxError(
            f"the server {config.host}:{config.port} does not offer STARTTLS, so the connection cannot be "
            'protected: nothing was sent (use "security": "tls" if it offers IMAP over TLS, usually on port 993)'
        )
    try:
        typ, data = imap.starttls(ssl_context=context)
    except ssl.SSLError as exc:
        raise _tls_failed(config, exc) from exc
    except imaplib.IMAP4.error as exc:
        raise MailboxError(f"the server {config.host}:{config.port} refused STARTTLS: {_safe_error(exc)}") from exc
    if typ != "OK":  # pragma: no cover - imaplib raises on a refusal
        raise MailboxError(f"the server {config.host}:{config.port} refused STARTTLS: {_safe_error(data)}")


def _tls_failed(config: MailboxConfig, exc: ssl.SSLError) -> MailboxError:
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason = exc.verify_message or exc.reason or "not trusted"
        advice = "check the host name, or set ca_file to the CA that signed the server's certificate"
        message = f"the certificate of {config.host}:{config.port} could not be verified ({reason}): {advice}"
    else:
        message = f"TLS with {config.host}:{config.port} failed: {_safe_error(exc)}"
    logger.warning("mailbox %s: refused: %s; not signed in", config.slug, message)
    return MailboxError(message)


def _quote(name: str) -> str:
    if not name.isascii():
        raise MailboxError("IMAP folder names must be ASCII here (use the server's encoded name)")
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ok(response: tuple[str, list[Any]], what: str) -> list[Any]:
    typ, data = response
    if typ != "OK":
        raise MailboxError(f"the server refused {what}: {_safe_error(data)}")
    return data


def _select(imap: imaplib.IMAP4, config: MailboxConfig) -> None:
    _ok(imap.select(_quote(config.folder)), "to open the folder")
    _typ, flags = imap.response("PERMANENTFLAGS")
    permanent = b" ".join(item for item in flags if isinstance(item, bytes))
    keeps_keyword = not permanent or b"\\*" in permanent or config.processed_flag.encode() in permanent
    if not keeps_keyword and not config.move_to:
        raise MailboxError("the server keeps no custom keywords in this folder: set move_to in the channel config")


def _unprocessed(imap: imaplib.IMAP4, config: MailboxConfig) -> list[int]:
    data = _ok(imap.uid("SEARCH", "UNDELETED", "UNKEYWORD", config.processed_flag), "to search")
    return sorted(int(uid) for uid in (data[0] or b"").split())


def _uid_set(uids: list[int]) -> str:
    """``1:3,7,9:12`` for [1, 2, 3, 7, 9, 10, 11, 12]."""
    ranges: list[str] = []
    start = previous = uids[0]
    for uid in [*uids[1:], None]:
        if uid is not None and uid == previous + 1:
            previous = uid
            continue
        ranges.append(str(start) if start == previous else f"{start}:{previous}")
        if uid is not None:
            start = previous = uid
    return ",".join(ranges)


def _sizes(imap: imaplib.IMAP4, uids: list[int]) -> Iterator[tuple[int, int, dt.datetime | None]]:
    """(uid, size, server's arrival time) of each message, asked in batches, oldest first."""
    for offset in range(0, len(uids), 500):
        batch = uids[offset : offset + 500]
        data = _ok(imap.uid("FETCH", _uid_set(batch), "(UID RFC822.SIZE INTERNALDATE)"), "to list messages")
        found: dict[int, tuple[int, dt.datetime | None]] = {}
        for item in data:
            line = item[0] if isinstance(item, tuple) else item
            if not isinstance(line, bytes):
                continue
            uid = size = 0
            arrived = None
            for match in FETCH_SIZE.finditer(line):
                if match.group(1):
                    uid = int(match.group(1))
                elif match.group(2):
                    size = int(match.group(2))
                else:
                    arrived = _internaldate(match.group(3))
            if uid:
                found[uid] = (size, arrived)
        for uid in batch:
            if uid in found:
                yield uid, *found[uid]


def _internaldate(value: bytes) -> dt.datetime | None:
    parsed = imaplib.Internaldate2tuple(b'INTERNALDATE "' + value + b'"')
    if parsed is None:
        return None
    arrived = dt.datetime.fromtimestamp(time.mktime(parsed), tz=dt.UTC)
    return min(arrived, timezone.now())


def _batches(
    listing: Iterator[tuple[int, int, dt.datetime | None]], messages: int
) -> Iterator[list[tuple[int, int, dt.datetime | None]]]:
    """Consecutive messages, at most ``messages`` and about ``BATCH_BYTES`` per batch (memory bound)."""
    batch: list[tuple[int, int, dt.datetime | None]] = []
    total = 0
    for item in listing:
        size = min(item[1], MAX_MESSAGE_BYTES)
        if batch and (len(batch) >= messages or total + size > BATCH_BYTES):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += size
    if batch:
        yield batch


def _fetch_many(imap: imaplib.IMAP4, uids: list[int]) -> dict[int, bytes]:
    if not uids:
        return {}
    data = _ok(imap.uid("FETCH", _uid_set(uids), "(UID BODY.PEEK[])"), "to fetch messages")
    bodies: dict[int, bytes] = {}
    for index, item in enumerate(data):
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes)):
            continue
        # Servers may put the UID before the literal or after it (then it is in the next item).
        following = data[index + 1] if index + 1 < len(data) and isinstance(data[index + 1], bytes) else b""
        found = re.search(rb"UID (\d+)", item[0]) or re.search(rb"UID (\d+)", following)
        if found:
            bodies[int(found.group(1))] = item[1]
    return bodies


def _fetch_truncated(imap: imaplib.IMAP4, uid: int) -> bytes | None:
    data = _ok(imap.uid("FETCH", str(uid), f"(UID BODY.PEEK[]<0.{MAX_MESSAGE_BYTES}>)"), "to fetch a message")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def _mark_processed(imap: imaplib.IMAP4, config: MailboxConfig, capabilities: tuple[str, ...], uids: list[int]) -> None:
    """Mark after the commit: the keyword, then the optional move (MOVE, or COPY + delete + expunge)."""
    uid_set = _uid_set(uids)
    _ok(imap.uid("STORE", uid_set, "+FLAGS.SILENT", f"({config.processed_flag})"), "to mark messages")
    if not config.move_to:
        return
    target = _quote(config.move_to)
    if "MOVE" in capabilities:
        _ok(imap.uid("MOVE", uid_set, target), "to move messages")
        return
    _ok(imap.uid("COPY", uid_set, target), "to copy messages")
    _ok(imap.uid("STORE", uid_set, "+FLAGS.SILENT", "(\\Deleted)"), "to delete the moved messages")
    if "UIDPLUS" in capabilities:
        _ok(imap.uid("EXPUNGE", uid_set), "to expunge the moved messages")
    else:
        _ok(imap.expunge(), "to expunge the moved messages")


def _capabilities(imap: imaplib.IMAP4) -> tuple[str, ...]:
    """Asked after login: servers announce more (MOVE, UIDPLUS) to a signed-in client."""
    data = _ok(imap.capability(), "to list capabilities")
    return tuple((data[0] or b"").decode("ascii", errors="replace").upper().split())


def _safe_error(value: object) -> str:
    """A server or network error for the log, cut short (server messages carry no message content)."""
    text = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
    return text[:200]
