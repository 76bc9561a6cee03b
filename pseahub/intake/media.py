"""Media a reporter sends through a provider (Twilio SMS/WhatsApp media, KoboToolbox attachments), fetched
off the webhook's path and sealed into the complaint.

The webhook only lists the items (``MediaItem``: address, declared type, name); once the complaint is
committed the pipeline enqueues ``tasks.media_fetch``, which calls ``media_fetch_run``. Each item is
downloaded with the standard library, checked like a web upload (allowed kinds by content, at most
``INTAKE_MAX_ATTACHMENT_BYTES``, read with a cap so a huge file is never read whole), sealed to the
complaint's keyring (its public key only) as an attachment from the reporter, and counted in one
``reporter_media_fetched`` audit entry (counts only: never addresses or names).

A refused or failed item never loses the message: the complaint is quarantined and gets a sealed note saying
which item could not be added and why (as the mailbox does for a refused file). Network errors, timeouts and
``5xx``/``429`` answers are retried (``MAX_ATTEMPTS`` runs in all, later runs deferred by ``RETRY_DELAYS``
where the task backend can defer), then noted. Exactly once: each item is claimed by a ``MediaFetch`` row
keyed by complaint and a keyed hash of its address (the address itself is only in the task's arguments), so
a task run twice attaches nothing twice.

Channel settings (``IntakeChannel.config``, never secret):

- all: ``api_base`` (the provider's base URL; an item is fetched only from that scheme, host and port, so
  the credentials go nowhere else), ``media_hosts`` (further host names allowed over https, e.g. Twilio's
  or Kobo's second host), ``timeout`` (seconds, default 10);
- Twilio: ``account_sid`` and the auth token (the channel secret), sent as HTTP Basic; ``api_base`` defaults
  to ``https://api.twilio.com``. ``delete_media`` (default true): once an item is fetched (attached or
  refused for its content), it is deleted at Twilio, so the provider keeps no copy;
- KoboToolbox: ``api_base`` is required (your server, e.g. ``https://kf.kobotoolbox.org``; add
  ``"media_hosts": ["kc.kobotoolbox.org"]`` where download links point to the older host); the token is sent
  as ``Authorization: Token <token>``, read from the environment variable named by ``api_token_env``, or,
  without it, the channel secret (the token Kobo already sends us in its REST-service header).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import http.client
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.models import CaseNote, Complaint

# The one writer of case attachments; private there, so a change to its signature shows up here at once.
from pseahub.cases.services import AttachmentInput, attachment_add
from pseahub.core.signals import complaints_bulk_written
from pseahub.vault import services as vault

from .attachments import Kind, sniff
from .models import IntakeChannel, MediaFetch, MediaFetchState, Provider

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # runs of the task per item, the first included
RETRY_DELAYS = (30.0, 300.0)  # seconds before the 2nd and 3rd run, where the task backend can defer
CLAIM_STALE = dt.timedelta(minutes=15)  # a claim this old is a crashed worker's: the item may be taken again
MAX_REDIRECTS = 3
MAX_FETCH_SECONDS = 300.0  # for one item's body, whatever the per-read timeout
MAX_URL_CHARS = 2000
CHUNK = 64 * 1024
DEFAULT_TIMEOUT = 10.0
DEFAULT_API_BASE = {Provider.TWILIO: "https://api.twilio.com"}
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class MediaItem:
    """One item to fetch: its address at the provider, the type the provider declared (a hint only: the
    content decides), and the name the reporter's device gave it (sealed with the file, if any)."""

    url: str
    content_type: str = ""
    filename: str = ""

    def as_arg(self, *, number: int, total: int) -> dict[str, Any]:
        return {
            "url": self.url,
            "content_type": self.content_type,
            "filename": self.filename,
            "number": number,
            "total": total,
        }


def media_url_ok(value: Any) -> str:
    """The address if it can be one (http(s), printable, not too long), else ""."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if not value or len(value) > MAX_URL_CHARS or not value.isprintable() or " " in value:
        return ""
    return value if urllib.parse.urlsplit(value).scheme in ("http", "https") else ""


def item_hash(url: str) -> str:
    """A keyed hash of an item's address: tells items apart without keeping the address."""
    key = hmac.new(settings.SECRET_KEY.encode(), b"intake-media-item", hashlib.sha256).digest()
    return hmac.new(key, url.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


# --- outcomes of one download ------------------------------------------------------------------------------------
class Refused(Exception):  # noqa: N818 - an outcome, like HookRefused
    """The provider gave the file, and we refuse it (kind, size): final."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Failed(Exception):  # noqa: N818
    """The file could not be had; ``transient`` ones are worth another try."""

    def __init__(self, reason: str, *, transient: bool, log: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.log = log  # status code or exception type: never the address


def _config(channel: IntakeChannel) -> dict[str, Any]:
    return channel.config if isinstance(channel.config, dict) else {}


def _api_base(channel: IntakeChannel) -> str:
    config = _config(channel)
    default = DEFAULT_API_BASE.get(Provider(channel.provider), "") if channel.provider in Provider.values else ""
    return str(config.get("api_base") or default).rstrip("/")


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    default = {"https": 443, "http": 80}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def _scheme_ok(url: str) -> bool:
    """https only, except to a server on this machine (tests, a local gateway), as for replies."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK)


def _url_allowed(channel: IntakeChannel, url: str) -> bool:
    """Credentials go only to the channel's provider: the ``api_base`` origin or a listed ``media_hosts``."""
    if not _scheme_ok(url):
        return False
    base = _api_base(channel)
    if base and _origin(url) == _origin(base):
        return True
    hosts = _config(channel).get("media_hosts") or []
    scheme, host, _port = _origin(url)
    return scheme == "https" and isinstance(hosts, list) and host in {str(h).lower() for h in hosts}


def _authorization(channel: IntakeChannel) -> str:
    config = _config(channel)
    if channel.provider == Provider.TWILIO:
        sid, token = str(config.get("account_sid") or ""), channel.secret()
        if not sid or not token:
            return ""
        return "Basic " + base64.b64encode(f"{sid}:{token}".encode()).decode("ascii")
    if channel.provider == Provider.KOBO:
        name = config.get("api_token_env")
        token = os.environ.get(name, "") if isinstance(name, str) and name else channel.secret()
        return f"Token {token}" if token else ""
    return ""


class _CheckedRedirect(urllib.request.HTTPRedirectHandler):
    """Follows a few redirects (Twilio sends media from its CDN), each to https (or loopback) only. The
    credentials are an unredirected header, so the CDN never sees them."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not _scheme_ok(newurl):
            raise Failed(_("the provider sent it from an address that is not https"), transient=False, log="redirect")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # The environment's proxy settings apply, as for replies (https goes through a proxy as a tunnel).
    return urllib.request.build_opener(_CheckedRedirect())


def _timeout(channel: IntakeChannel) -> float:
    try:
        return float(_config(channel).get("timeout") or DEFAULT_TIMEOUT)
    except (TypeError, ValueError):
        return DEFAULT_TIMEOUT


def _too_large() -> str:
    return _("it is larger than %(mb)d MB") % {"mb": settings.INTAKE_MAX_ATTACHMENT_BYTES // 2**20}


def _read_capped(response: http.client.HTTPResponse) -> tuple[bytes, Kind]:
    """The body, judged by its first bytes and refused as soon as it passes the size limit."""
    limit = settings.INTAKE_MAX_ATTACHMENT_BYTES
    announced = response.headers.get("Content-Length")
    if announced and announced.strip().isdigit() and int(announced) > limit:
        raise Refused(_too_large())
    head = b""
    while len(head) < 16:
        chunk = response.read(16 - len(head))
        if not chunk:
            break
        head += chunk
    if not head:
        raise Refused(_("it is empty"))
    kind = sniff(head)
    if kind is None:
        raise Refused(_("it is not a photo, PDF, audio or video file"))
    chunks, total = [head], len(head)
    deadline = time.monotonic() + MAX_FETCH_SECONDS
    while True:
        chunk = response.read(CHUNK)
        if not chunk:
            break
        if time.monotonic() > deadline:  # a trickle within each socket timeout must still end
            raise Failed(_("the provider sent it too slowly"), transient=True, log="slow")
        total += len(chunk)
        if total > limit:
            raise Refused(_too_large())
        chunks.append(chunk)
    return b"".join(chunks), kind


def _download(channel: IntakeChannel, item: MediaItem) -> tuple[bytes, Kind]:
    if not _url_allowed(channel, item.url):
        raise Failed(_("its address is not on the provider's server set for this channel"), transient=False, log="url")
    authorization = _authorization(channel)
    if not authorization:
        raise Failed(_("the channel has no credentials for fetching media"), transient=False, log="credentials")
    request = urllib.request.Request(item.url, method="GET")  # noqa: S310 - scheme checked by _url_allowed
    request.add_unredirected_header("Authorization", authorization)
    try:
        with _opener().open(request, timeout=_timeout(channel)) as response:
            return _read_capped(response)
    except urllib.error.HTTPError as exc:
        transient = exc.code >= 500 or exc.code in (408, 429)
        reason = _("the provider answered HTTP %(status)d") % {"status": exc.code}
        raise Failed(reason, transient=transient, log=str(exc.code)) from None
    except (OSError, http.client.HTTPException) as exc:  # URLError, timeouts, resets, a cut-off body
        raise Failed(_("the provider could not be reached"), transient=True, log=type(exc).__name__) from None
    except ValueError as exc:
        raise Failed(_("its address is not valid"), transient=False, log=type(exc).__name__) from None


def _provider_delete(channel: IntakeChannel, item: MediaItem) -> None:
    """Delete a fetched item at Twilio (``delete_media``, default true): the provider keeps no copy."""
    if channel.provider != Provider.TWILIO or _config(channel).get("delete_media") is False:
        return
    request = urllib.request.Request(item.url, method="DELETE")  # noqa: S310 - checked before the fetch
    request.add_unredirected_header("Authorization", _authorization(channel))
    try:
        with _opener().open(request, timeout=_timeout(channel)) as response:
            response.read(CHUNK)
    except urllib.error.HTTPError as exc:
        logger.warning("intake media: channel %s: deleting at the provider answered %s", channel.slug, exc.code)
    except (OSError, http.client.HTTPException, ValueError, Failed) as exc:
        logger.warning(
            "intake media: channel %s: deleting at the provider failed (%s)", channel.slug, type(exc).__name__
        )


# --- claims -------------------------------------------------------------------------------------------------------
def _claim(complaint: Complaint, hashed: str, now: dt.datetime) -> bool:
    """Take the item for this run; False when it is done already or another run is at it."""
    try:
        with transaction.atomic():
            MediaFetch.objects.create(complaint=complaint, item_hash=hashed, claimed_at=now)
        return True
    except IntegrityError:
        stale = MediaFetch.objects.filter(
            complaint=complaint, item_hash=hashed, state=MediaFetchState.FETCHING, claimed_at__lt=now - CLAIM_STALE
        )
        return stale.update(claimed_at=now) == 1


def _finish(complaint: Complaint, hashed: str, state: str) -> None:
    MediaFetch.objects.filter(complaint=complaint, item_hash=hashed).update(state=state, done_at=timezone.now())


def _release(complaint: Complaint, hashed: str) -> None:
    MediaFetch.objects.filter(complaint=complaint, item_hash=hashed, state=MediaFetchState.FETCHING).delete()


# --- the run ------------------------------------------------------------------------------------------------------
@dataclass
class FetchCounts:
    attached: int = 0
    refused: int = 0
    failed: int = 0
    retrying: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "attached": self.attached,
            "refused": self.refused,
            "failed": self.failed,
            "retrying": self.retrying,
            "skipped": self.skipped,
        }


def _note_line(number: int, total: int, name: str, reason: str) -> str:
    label = f" ({name})" if name else ""
    return _("Attachment %(number)d of %(total)d%(name)s sent by the reporter could not be added: %(reason)s.") % {
        "number": number,
        "total": total,
        "name": label,
        "reason": reason,
    }


def _note_add(complaint: Complaint, lines: list[str]) -> None:
    """Quarantine the complaint and say, in a sealed note, what could not be added (as the mailbox does)."""
    text = "\n".join([*lines, _("The message itself was kept. Ask the reporter to send it another way if needed.")])
    with transaction.atomic():
        note = CaseNote(complaint=complaint, author=None, written_at=timezone.now())
        note.sealed = vault.seal_data(complaint.keyring, {"text": text}, bound_to=(note, "sealed"))
        note.save(force_insert=True)
        Complaint.objects.filter(pk=complaint.pk).update(is_quarantined=True)
        # quarantined, so no longer counted; update() sends no model signal
        complaints_bulk_written.send(sender=Complaint, received=[complaint.received_at])


def _stem(filename: str, number: int) -> str:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(ch for ch in stem if ch.isprintable())[:80].strip()
    return stem or f"media-{number}"


def _one(channel: IntakeChannel, complaint: Complaint, raw: dict[str, Any], attempt: int, counts: FetchCounts) -> bool:
    """Fetch one item; True when it should be tried again in a later run."""
    item = MediaItem(
        url=str(raw.get("url") or ""),
        content_type=str(raw.get("content_type") or ""),
        filename=str(raw.get("filename") or ""),
    )
    number, total = int(raw.get("number") or 1), int(raw.get("total") or 1)
    hashed = item_hash(item.url)
    if not _claim(complaint, hashed, timezone.now()):
        counts.skipped += 1
        return False
    name = _stem(item.filename, number) if item.filename else ""
    try:
        content, kind = _download(channel, item)
    except Refused as refusal:
        _finish(complaint, hashed, MediaFetchState.REFUSED)
        counts.refused += 1
        counts.notes.append(_note_line(number, total, name, refusal.reason))
        _provider_delete(channel, item)
        return False
    except Failed as failure:
        logger.warning("intake media: channel %s: item not fetched (%s)", channel.slug, failure.log)
        if failure.transient and attempt < MAX_ATTEMPTS:
            _release(complaint, hashed)
            counts.retrying += 1
            return True
        _finish(complaint, hashed, MediaFetchState.FAILED)
        counts.failed += 1
        reason = failure.reason
        if failure.transient:
            reason = _("%(reason)s (%(attempts)d attempts)") % {"reason": reason, "attempts": attempt}
        counts.notes.append(_note_line(number, total, name, reason))
        return False
    except Exception as exc:  # anything else must not leave the item claimed and unnoted
        logger.warning("intake media: channel %s: item failed (%s)", channel.slug, type(exc).__name__)
        _finish(complaint, hashed, MediaFetchState.FAILED)
        counts.failed += 1
        counts.notes.append(_note_line(number, total, name, _("an error occurred while fetching it")))
        return False
    filename = f"{_stem(item.filename, number)}.{kind.extension}"
    with transaction.atomic():
        attachment_add(
            complaint=complaint,
            attachment=AttachmentInput(content=content, filename=filename, content_type=kind.content_type),
            from_reporter=True,
        )
        _finish(complaint, hashed, MediaFetchState.ATTACHED)
    counts.attached += 1
    _provider_delete(channel, item)
    return False


def _retry_later(*, channel_id: int, complaint_id: int, items: list[dict[str, Any]], attempt: int) -> None:
    from .tasks import media_fetch

    task = media_fetch
    delay = RETRY_DELAYS[min(attempt - 1, len(RETRY_DELAYS) - 1)] if RETRY_DELAYS else 0.0
    if delay > 0 and media_fetch.get_backend().supports_defer:
        task = media_fetch.using(run_after=timezone.now() + dt.timedelta(seconds=delay))
    task.enqueue(channel_id=channel_id, complaint_id=complaint_id, items=items, attempt=attempt + 1)


def media_fetch_run(
    *, channel_id: int, complaint_id: int, items: list[dict[str, Any]], attempt: int = 1
) -> dict[str, int]:
    """Fetch, check and seal the items into the complaint; note what could not be added. Counts only."""
    complaint = Complaint.objects.select_related("keyring").filter(pk=complaint_id).first()
    if complaint is None or complaint.purged_at is not None:
        return FetchCounts(skipped=len(items)).as_dict()
    channel = IntakeChannel.objects.filter(pk=channel_id).first()
    counts = FetchCounts()
    retry: list[dict[str, Any]] = []
    with translation.override(settings.LANGUAGE_CODE):  # the note is read by the network's staff
        for raw in items:
            if not isinstance(raw, dict):
                continue
            if channel is None:
                counts.failed += 1
                counts.notes.append(
                    _note_line(
                        int(raw.get("number") or 1), int(raw.get("total") or 1), "", _("its channel was deleted")
                    )
                )
                continue
            if _one(channel, complaint, raw, attempt, counts):
                retry.append(raw)
        if counts.notes:
            _note_add(complaint, counts.notes)
    if counts.attached or counts.refused or counts.failed or counts.retrying:
        record(
            actor=None,
            action=Action.REPORTER_MEDIA_FETCHED,
            target=complaint,
            data={
                "channel": channel.slug if channel else "",
                "attached": counts.attached,
                "refused": counts.refused,
                "failed": counts.failed,
                "retrying": counts.retrying,
            },
        )
    if retry:
        _retry_later(channel_id=channel_id, complaint_id=complaint_id, items=retry, attempt=attempt)
    return counts.as_dict()


def media_enqueue(*, channel: IntakeChannel, complaint: Complaint, media: list[MediaItem]) -> None:
    """Schedule the fetch once the complaint is committed (the worker must find it)."""
    if not media:
        return
    items = [item.as_arg(number=index, total=len(media)) for index, item in enumerate(media, start=1)]
    channel_id, complaint_id = channel.pk, complaint.pk

    def _queue() -> None:
        from .tasks import media_fetch

        media_fetch.enqueue(channel_id=channel_id, complaint_id=complaint_id, items=items, attempt=1)

    transaction.on_commit(_queue)
