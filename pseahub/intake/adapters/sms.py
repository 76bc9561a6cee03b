"""SMS and WhatsApp: Twilio, Africa's Talking and a generic signed JSON webhook (RapidPro-style).

Inbound: ``views_hooks`` checks the method, size, content type and the provider's signature, then the parsers
here turn the request into an ``InboundInput``. The sender's number goes to the pipeline, which seals it as
the complaint's ``reporter_contact`` and keeps only a keyed hash of it for threading.

Outbound: ``reply_attempt(channel, to, text)`` calls the provider's HTTP API with the standard library; only
the task worker calls it (``dispatch.py``). ``receipt_text`` is what a new complaint's reporter gets back (the
receipt and short advice, in the channel's language, nothing of their message): ``receipt_queue`` queues it
sealed to the dispatch key in the transaction that creates the complaint, and the worker sends it.
``conversation_reply`` sends a coordinator's message to the sealed number of a complaint that came by SMS or
WhatsApp; it needs the complaint's opened key, so the coordinator's message view calls it; the message leaves
the request sealed to the dispatch key and the task worker sends it (``dispatch.py``). On WhatsApp it keeps
the 24-hour rule: outside 24 hours of the reporter's last message the message is held (and the channel's
approved template queued, if any) until the reporter writes again; a coordinator then confirms the held ones
(``held_messages_release``, a POST).

Media (Twilio's ``MediaUrl{N}``) are not fetched here: the pipeline hands them to a background task
(``media.py``), so the webhook answers at once.

Channel settings (``IntakeChannel.config``, never secret):

- all: ``reply`` (false turns replies off), ``consent_questions`` (false: no consent questions after the
  receipt; "STOP" still withdraws, see ``consent_sms.py``), ``api_base`` (the provider API's base URL; tests
  point it at a local server), ``timeout`` (seconds, default 10);
- Twilio: ``account_sid``, ``from`` (default: the channel's address) or ``messaging_service_sid``,
  ``public_url`` (the exact webhook URL given to Twilio, when a proxy changes what Django sees);
  the auth token is the channel secret (``secret_env``); ``template_content_sid`` (WhatsApp: the ``HX…`` id
  of an approved Content API template sent outside the 24-hour window, generic words with no case detail);
  media: ``delete_media`` (default true) and ``media_hosts``, see ``media.py``;
- Africa's Talking: ``username``, ``api_key_env`` (the environment variable holding the API key: not the
  path token, which appears in access logs), ``from`` (short code or sender id, optional);
- generic: ``send_url`` (where replies are POSTed as signed JSON ``{"id", "to", "text"}``).
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import functools
import hashlib
import hmac
import json
import logging
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.models import Channel, Complaint, ContactMethod, Message, MessageDirection
from pseahub.core.exceptions import ApplicationError
from pseahub.vault import services as vault

from .. import consent_sms
from ..dispatch import dispatch_queue
from ..media import MediaItem, media_url_ok
from ..models import Conversation, Dispatch, DispatchKind, HeldMessage, InboundMessage, IntakeChannel, Provider
from ..pipeline import InboundInput

logger = logging.getLogger(__name__)

SMS_PROVIDERS = (Provider.TWILIO, Provider.AFRICASTALKING, Provider.GENERIC)
DEFAULT_API_BASE = {
    Provider.TWILIO: "https://api.twilio.com",
    Provider.AFRICASTALKING: "https://api.africastalking.com",
}
MAX_TEXT_CHARS = 10_000  # the public form's narrative limit
MAX_ID_CHARS = 255  # InboundMessage.external_id
MAX_NUMBER_CHARS = 64
DEFAULT_TIMEOUT = 10.0
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEMES = ("whatsapp:", "tel:")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class HookRefused(Exception):  # noqa: N818 - a refusal, not an error of ours
    """A webhook request we answer with a 4xx and a short reason that never repeats the content."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


# --- signatures -------------------------------------------------------------------------------------------------
def _same(a: str, b: str) -> bool:
    # Bytes, so a non-ASCII header cannot make compare_digest raise.
    return hmac.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))


def twilio_signature(token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """Twilio's X-Twilio-Signature: base64 HMAC-SHA1 over the URL followed by each POST parameter's name and
    value, sorted by name (and, for a repeated name, by value), as Twilio's own validator computes it."""
    values: dict[str, set[str]] = {}
    for name, value in params:
        values.setdefault(name, set()).add(value)
    text = url + "".join(name + value for name in sorted(values) for value in sorted(values[name]))
    digest = hmac.new(token.encode("utf-8"), text.encode("utf-8", "surrogatepass"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def _url_variants(url: str) -> list[str]:
    """The URL as seen, and with the scheme's default port added or removed: Twilio signs the URL as it was
    configured, and proxies and clients disagree on whether :443 is written."""
    variants = [url]
    try:
        parts = urllib.parse.urlsplit(url)
        default = {"https": 443, "http": 80}.get(parts.scheme)
        if default is None or not parts.hostname:
            return variants
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        netloc_auth = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
        if parts.port is None:
            variants.append(urllib.parse.urlunsplit(parts._replace(netloc=f"{netloc_auth}{host}:{default}")))
        elif parts.port == default:
            variants.append(urllib.parse.urlunsplit(parts._replace(netloc=f"{netloc_auth}{host}")))
    except ValueError:
        pass
    return variants


def twilio_signature_valid(*, token: str, url: str, params: Sequence[tuple[str, str]], signature: str) -> bool:
    if not token or not signature:
        return False
    return any(_same(twilio_signature(token, candidate, params), signature.strip()) for candidate in _url_variants(url))


def hmac_sha256_hex(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def generic_signature_valid(*, secret: str, body: bytes, signature: str) -> bool:
    """X-Signature: the hex HMAC-SHA256 of the raw body under the channel secret."""
    if not secret or not signature:
        return False
    return _same(hmac_sha256_hex(secret, body), signature.strip().lower())


def token_valid(*, secret: str, token: str) -> bool:
    return bool(secret) and bool(token) and _same(secret, token)


# --- parsing ----------------------------------------------------------------------------------------------------
def _text_value(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise HookRefused(400, f"invalid {name}")
    value = value.replace("\x00", "").strip()
    if len(value) > MAX_TEXT_CHARS:
        raise HookRefused(400, f"{name} too long")
    return value


def _identifier(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise HookRefused(400, f"missing {name}")
    value = value.strip()
    if len(value) > MAX_ID_CHARS or _CONTROL.search(value):
        raise HookRefused(400, f"invalid {name}")
    return value


def sender_number(value: Any, name: str = "from") -> str:
    """The sender's number without a channel scheme ("whatsapp:+223…", "tel:+223…" → "+223…")."""
    if not isinstance(value, str) or not value.strip():
        raise HookRefused(400, f"missing {name}")
    number = value.strip()
    for scheme in _SCHEMES:
        if number.lower().startswith(scheme):
            number = number[len(scheme) :].strip()
    if not number or len(number) > MAX_NUMBER_CHARS or _CONTROL.search(number):
        raise HookRefused(400, f"invalid {name}")
    return number


def _inbound(
    channel: IntakeChannel,
    *,
    external_id: str,
    sender: str,
    text: str,
    media: list[MediaItem] | None = None,
    unlisted: int = 0,
    opt_out: bool = False,
) -> InboundInput:
    media = media or []
    notes = []
    reporter_text = text
    if media:
        # Fetched by a background task (media.py), never on the webhook's path; a media-only message still
        # needs text to be a message.
        with translation.override(settings.LANGUAGE_CODE):
            mark = _("%(count)d media item(s) sent with this message: added as attachments once fetched") % {
                "count": len(media)
            }
        text = f"{text}\n\n[{mark}]".strip()
    if unlisted:
        # Announced by NumMedia without an address we may fetch, or over the number we take.
        with translation.override(settings.LANGUAGE_CODE):
            notes.append(_("%(count)d media item(s) sent with this message were not retrieved") % {"count": unlisted})
        text = f"{text}\n\n[{notes[-1]}]".strip()
    if not text:
        raise HookRefused(400, "empty text")
    consent = channel.type in consent_sms.CHANNELS
    asks = consent and _config(channel).get("consent_questions") is not False and reply_configured(channel)
    return InboundInput(
        external_id=external_id,
        body=text,
        language_text=reporter_text,  # without the notes added below in the site's language
        sender=sender,
        media=media,
        quarantine_note="; ".join(notes),
        # Replies go back on the conversation the reporter opened; SMS is the form's nearest method.
        complaint_fields={"contact_method": ContactMethod.SMS},
        thread=True,
        issue_receipt=reply_configured(channel),
        receipt_reply=functools.partial(receipt_queue, channel=channel, to=sender)
        if reply_configured(channel)
        else None,
        # The consent questions after the receipt, and the answers and "STOP" on the thread (``consent_sms``).
        consent_start=functools.partial(consent_sms.consent_start, channel=channel, to=sender, opt_out=opt_out)
        if asks
        else None,
        consent_reply=functools.partial(
            consent_sms.consent_reply, channel=channel, to=sender, opt_out=opt_out, ask=asks
        )
        if consent
        else None,
    )


def _media_count(value: Any) -> int:
    try:
        count = int(str(value or "0").strip() or "0")
    except ValueError:
        raise HookRefused(400, "invalid NumMedia") from None
    if count < 0 or count > 100:
        raise HookRefused(400, "invalid NumMedia")
    return count


def _twilio_media(params: Mapping[str, str], count: int) -> tuple[list[MediaItem], int]:
    """MediaUrl{N} / MediaContentType{N} for N below NumMedia: the items to fetch, and how many cannot be."""
    media: list[MediaItem] = []
    for index in range(count):
        url = media_url_ok(params.get(f"MediaUrl{index}"))
        if url and len(media) < settings.INTAKE_MAX_ATTACHMENTS:
            content_type = params.get(f"MediaContentType{index}")
            media.append(MediaItem(url=url, content_type=content_type[:100] if isinstance(content_type, str) else ""))
    return media, count - len(media)


def twilio_parse(channel: IntakeChannel, params: Mapping[str, str]) -> InboundInput:
    """Twilio's form fields: From, To, Body, MessageSid, NumMedia, MediaUrl{N}, MediaContentType{N} (WhatsApp:
    From is "whatsapp:+…"); OptOutType "STOP" where Twilio's opt-out handling took the message as an opt-out
    (a withdrawal of consent here too, whatever its keyword)."""
    media, unlisted = _twilio_media(params, _media_count(params.get("NumMedia")))
    return _inbound(
        channel,
        external_id=_identifier(params, "MessageSid"),
        sender=sender_number(params.get("From"), "From"),
        text=_text_value(params, "Body"),
        media=media,
        unlisted=unlisted,
        opt_out=str(params.get("OptOutType") or "").strip().upper() == "STOP",
    )


def africastalking_parse(channel: IntakeChannel, params: Mapping[str, str]) -> InboundInput:
    """Africa's Talking's form fields: from, to, text, id, date, linkId (the date is the provider's clock:
    we keep our own reception time)."""
    return _inbound(
        channel,
        external_id=_identifier(params, "id"),
        sender=sender_number(params.get("from")),
        text=_text_value(params, "text"),
    )


def _timestamp(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, (int, float)):
            moment = dt.datetime.fromtimestamp(float(value), tz=dt.UTC)
        elif isinstance(value, str):
            moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            if timezone.is_naive(moment):
                moment = moment.replace(tzinfo=dt.UTC)
        else:
            raise ValueError
    except (ValueError, OverflowError, OSError):
        raise HookRefused(400, "invalid timestamp") from None
    # A clock ahead of ours cannot push a message into the future (deadlines, the conversation window).
    return min(moment, timezone.now())


def generic_parse(channel: IntakeChannel, payload: Any) -> InboundInput:
    """The generic JSON body: {"id", "from", "text", "timestamp"?} (RapidPro-style; "from" may be a URN)."""
    if not isinstance(payload, dict):
        raise HookRefused(400, "expected a JSON object")
    data = _inbound(
        channel,
        external_id=_identifier(payload, "id"),
        sender=sender_number(payload.get("from")),
        text=_text_value(payload, "text"),
    )
    data.received_at = _timestamp(payload.get("timestamp"))
    return data


# --- replies ----------------------------------------------------------------------------------------------------
RECEIPT_TEXT = {
    "en": (
        "PSEA Hub: we received your message. Your receipt code is {receipt}. Keep it private: it opens your "
        "report. Reply here to add information, or follow your report at {link}. "
        "Delete this message if others use your phone."
    ),
    "fr": (
        "PSEA Hub : nous avons reçu votre message. Votre code de suivi est {receipt}. Gardez-le secret : il "
        "ouvre votre signalement. Répondez ici pour ajouter des informations, ou suivez votre signalement sur "
        "{link}. Supprimez ce message si d'autres utilisent votre téléphone."
    ),
    "ar": (
        "PSEA Hub: تلقّينا رسالتك. رمز الإيصال الخاص بك هو {receipt}. احتفظ به سرّاً: فهو يفتح بلاغك. "
        "أرسل رداً هنا لإضافة معلومات، أو تابع بلاغك على {link}. "
        "احذف هذه الرسالة إذا كان غيرك يستخدم هاتفك."
    ),
}


def receipt_text(*, receipt: str, language: str) -> str:
    """What a new complaint's reporter gets back: the receipt and short advice, nothing of their message."""
    template = RECEIPT_TEXT.get(language.split("-")[0], RECEIPT_TEXT["en"])
    link = settings.SITE_URL.rstrip("/") + "/report/follow"
    return template.format(receipt=vault.receipt_format(receipt), link=link)


def _config(channel: IntakeChannel) -> dict[str, Any]:
    return channel.config if isinstance(channel.config, dict) else {}


def _api_key(channel: IntakeChannel) -> str:
    name = _config(channel).get("api_key_env") or ""
    return os.environ.get(name, "") if isinstance(name, str) and name else ""


def reply_configured(channel: IntakeChannel) -> bool:
    """Whether the channel can send a message back, so a receipt issued for it can reach the reporter."""
    config = _config(channel)
    if config.get("reply") is False or not channel.is_enabled:
        return False
    if channel.provider == Provider.TWILIO:
        sender = config.get("messaging_service_sid") or config.get("from") or channel.address
        return bool(config.get("account_sid") and sender and channel.secret())
    if channel.provider == Provider.AFRICASTALKING:
        return bool(config.get("username") and _api_key(channel))
    if channel.provider == Provider.GENERIC:
        return bool(config.get("send_url") and channel.secret())
    return False


def _checked_url(url: str) -> str:
    """Replies carry receipts: https only, except to a server on this machine (tests, a local gateway)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK):
        return url
    raise ValueError("the provider API URL must use https")


def _whatsapp(channel: IntakeChannel, number: str) -> str:
    if channel.type != Channel.WHATSAPP or number.lower().startswith("whatsapp:"):
        return number
    return f"whatsapp:{number}"


def _reply_request(channel: IntakeChannel, to: str, text: str, content_sid: str = "") -> urllib.request.Request:
    config = _config(channel)
    base = str(config.get("api_base") or DEFAULT_API_BASE.get(Provider(channel.provider), "")).rstrip("/")
    if channel.provider == Provider.TWILIO:
        sid = str(config["account_sid"])
        # An approved template (Content API) instead of free text: what WhatsApp allows outside its window.
        fields = {"To": _whatsapp(channel, to), **({"ContentSid": content_sid} if content_sid else {"Body": text})}
        if config.get("messaging_service_sid"):
            fields["MessagingServiceSid"] = str(config["messaging_service_sid"])
        else:
            fields["From"] = _whatsapp(channel, str(config.get("from") or channel.address))
        credentials = base64.b64encode(f"{sid}:{channel.secret()}".encode()).decode("ascii")
        return urllib.request.Request(  # noqa: S310 - scheme checked by _checked_url
            _checked_url(f"{base}/2010-04-01/Accounts/{urllib.parse.quote(sid, safe='')}/Messages.json"),
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Authorization": f"Basic {credentials}", "Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
    if channel.provider == Provider.AFRICASTALKING:
        fields = {"username": str(config["username"]), "to": to, "message": text}
        if config.get("from"):
            fields["from"] = str(config["from"])
        return urllib.request.Request(  # noqa: S310 - scheme checked by _checked_url
            _checked_url(f"{base}/version1/messaging"),
            data=urllib.parse.urlencode(fields).encode(),
            headers={
                "apiKey": _api_key(channel),
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            method="POST",
        )
    if channel.provider == Provider.GENERIC:
        body = json.dumps({"id": uuid.uuid4().hex, "to": to, "text": text}).encode()
        return urllib.request.Request(  # noqa: S310 - scheme checked by _checked_url
            _checked_url(str(config["send_url"])),
            data=body,
            headers={"Content-Type": "application/json", "X-Signature": hmac_sha256_hex(channel.secret(), body)},
            method="POST",
        )
    raise ValueError("this channel's provider cannot send messages")


class SendFailure(Exception):  # noqa: N818 - an outcome, handled by the caller
    """The provider did not take the message. ``transient``: worth another try later (network errors, timeouts,
    5xx, 408, 429); otherwise permanent (the provider refused it, or the channel cannot reply). ``code`` is a
    status code or an error type, never the number or the text."""

    def __init__(self, code: str, *, transient: bool) -> None:
        super().__init__(code)
        self.code = code
        self.transient = transient


def reply_attempt(channel: IntakeChannel, to: str, text: str, *, content_sid: str = "") -> None:
    """Send ``text`` to ``to`` through the channel's provider API once; raises ``SendFailure`` unless the
    provider accepted it (2xx). With ``content_sid`` (Twilio), the approved template of that id is sent
    instead of the text. Never logs the number or the text."""
    if not reply_configured(channel):
        logger.warning("intake reply: channel %s has no reply configured", channel.slug)
        raise SendFailure("not_configured", transient=False)
    try:
        request = _reply_request(channel, to, text, content_sid)
        timeout = float(_config(channel).get("timeout") or DEFAULT_TIMEOUT)
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        logger.warning("intake reply: channel %s: provider answered %s", channel.slug, exc.code)
        raise SendFailure(f"http_{exc.code}", transient=exc.code >= 500 or exc.code in (408, 429)) from None
    except (ValueError, KeyError, TypeError) as exc:  # the channel's settings: no retry mends them
        logger.warning("intake reply: channel %s: %s", channel.slug, type(exc).__name__)
        raise SendFailure(type(exc).__name__[:32], transient=False) from None
    except OSError as exc:  # URLError and timeouts are OSErrors
        logger.warning("intake reply: channel %s: %s", channel.slug, type(exc).__name__)
        raise SendFailure(type(exc).__name__[:32], transient=True) from None
    if not 200 <= status < 300:
        logger.warning("intake reply: channel %s: provider answered %s", channel.slug, status)
        raise SendFailure(f"http_{status}", transient=False)


def receipt_queue(*, complaint: Complaint, channel: IntakeChannel, to: str, receipt: str) -> Dispatch | None:
    """Queue a new complaint's receipt code for the reporter (the pipeline calls it in the transaction that
    creates the complaint). Sealed to the dispatch key like a coordinator's message (``dispatch.py``): the task
    worker sends it after the commit, before any later message to the complaint, with the same retries, and
    deletes the ciphertext once sent or given up. Nothing leaves the web request. Without a dispatch key in
    this process the complaint is still received, without its receipt (logged, with no content)."""
    text = receipt_text(receipt=receipt, language=complaint.language)
    try:
        dispatch = dispatch_queue(complaint=complaint, channel=channel, to=to, text=text, kind=DispatchKind.RECEIPT)
    except ImproperlyConfigured:
        logger.error("intake reply: no DISPATCH_PUBLIC_KEY: the receipt of a new complaint was not queued")
        return None
    record(
        actor=None,
        action=Action.REPORTER_MESSAGE_QUEUED,
        target=complaint,
        data={"channel": channel.slug, "provider": channel.provider, "kind": DispatchKind.RECEIPT.value, "count": 1},
    )
    return dispatch


class Relayed(enum.StrEnum):
    """What became of a coordinator's message on the reporter's SMS/WhatsApp conversation."""

    QUEUED = "queued"  # sealed to the dispatch key; the task worker sends it (``dispatch.py``)
    FAILED = "failed"  # the channel cannot reply: readable with the receipt only
    HELD = "held"  # outside WhatsApp's 24-hour window, no template: goes out when the reporter writes again
    TEMPLATE_SENT = "template_sent"  # outside the window: the template (queued) asks the reporter to write; held


#: What the coordinator is told when the message will not go straight to the reporter's phone.
RELAYED_NOTICE = {
    Relayed.FAILED: gettext_lazy(
        "The SMS/WhatsApp copy could not be sent; the reporter can still read it with the receipt."
    ),
    Relayed.HELD: gettext_lazy(
        "WhatsApp allows messages only within 24 hours of the reporter's last message. Yours is held: when the "
        "reporter writes again you get a notice, and a coordinator can then send it from the case page. They "
        "can read it now with the receipt."
    ),
    Relayed.TEMPLATE_SENT: gettext_lazy(
        "More than 24 hours have passed since the reporter's last WhatsApp message: they are sent a short "
        "notice asking them to reply. Your message is held: when they reply you get a notice, and a coordinator "
        "can then send it from the case page. They can read it now with the receipt."
    ),
}

#: WhatsApp allows free-form business messages only this long after the user's last message.
WHATSAPP_WINDOW = dt.timedelta(hours=24)
#: Our clock takes the message a little after WhatsApp did: close to the end, hold rather than be refused.
WHATSAPP_WINDOW_MARGIN = dt.timedelta(minutes=5)


def _last_inbound(complaint: Complaint, channel: IntakeChannel) -> dt.datetime | None:
    conversation = (
        Conversation.objects.filter(complaint=complaint, channel=channel, last_inbound_at__isnull=False)
        .order_by("-last_inbound_at")
        .first()
    )
    return conversation.last_inbound_at if conversation is not None else None


def whatsapp_window_open(*, complaint: Complaint, channel: IntakeChannel, now: dt.datetime | None = None) -> bool:
    """Whether free-form messages may go to the reporter now. Always for SMS; for WhatsApp, within 24 hours
    of the reporter's last message on this complaint's conversation."""
    if channel.type != Channel.WHATSAPP:
        return True
    last = _last_inbound(complaint, channel)
    now = now or timezone.now()
    return last is not None and now < last + WHATSAPP_WINDOW - WHATSAPP_WINDOW_MARGIN


def relay_channel(complaint: Complaint) -> IntakeChannel | None:
    inbound = (
        InboundMessage.objects.filter(complaint=complaint, channel__provider__in=SMS_PROVIDERS)
        .select_related("channel")
        .order_by("-received_at", "-pk")
        .first()
    )
    return inbound.channel if inbound is not None else None


def _hold(*, actor: Any, complaint: Complaint, channel: IntakeChannel, number: str, message: Message | None) -> Relayed:
    """Keep the message for the next window (a flag on it, never a copy) and, where the channel has an approved
    template, queue that instead: generic words asking the reporter to write, no case detail."""
    now = timezone.now()
    if message is None:
        message = (
            Message.objects.filter(complaint=complaint, direction=MessageDirection.TO_REPORTER)
            .order_by("-sent_at", "-pk")
            .first()
        )
    if message is None:
        return Relayed.FAILED
    held, _created = HeldMessage.objects.get_or_create(
        message=message, defaults={"complaint": complaint, "channel": channel, "held_at": now}
    )
    outcome = Relayed.HELD
    template = str(_config(channel).get("template_content_sid") or "") if channel.provider == Provider.TWILIO else ""
    if template and number and reply_configured(channel):
        # One template per silence: further messages held after it wait for the same answer.
        since = _last_inbound(complaint, channel) or dt.datetime.min.replace(tzinfo=dt.UTC)
        asked = HeldMessage.objects.filter(complaint=complaint, sent_at__isnull=True, template_sent_at__gte=since)
        if not asked.exists():
            dispatch_queue(complaint=complaint, channel=channel, to=number, content_sid=template)
            HeldMessage.objects.filter(pk=held.pk).update(template_sent_at=now)
        outcome = Relayed.TEMPLATE_SENT
    record(
        actor=actor,
        action=Action.REPORTER_MESSAGE_HELD,
        target=complaint,
        data={"channel": channel.slug, "provider": channel.provider, "template": outcome == Relayed.TEMPLATE_SENT},
    )
    return outcome


# The only two places here that open sealed values (vault.open_data).
def _reporter_number(complaint: Complaint, keyring_private: bytes) -> str:
    return str(vault.open_data(keyring_private, bound_to=(complaint, "sealed")).get("reporter_contact", ""))


def _message_body(message: Message, keyring_private: bytes) -> str:
    return str(vault.open_data(keyring_private, bound_to=(message, "sealed")).get("body", ""))


def _held_waiting(complaint: Complaint) -> list[HeldMessage]:
    return list(
        HeldMessage.objects.filter(complaint=complaint, sent_at__isnull=True)
        .select_related("message", "channel")
        .order_by("held_at", "pk")
    )


def held_releasable(*, complaint: Complaint) -> int:
    """How many held messages a coordinator can send now (the reporter has written again). Reads only."""
    waiting = _held_waiting(complaint)
    if not waiting or not reply_configured(waiting[0].channel):
        return 0
    return len(waiting) if whatsapp_window_open(complaint=complaint, channel=waiting[0].channel) else 0


def held_messages_release(*, actor: Any, complaint: Complaint, keyring_private: bytes) -> int:
    """Queue, in order, the coordinator messages held for WhatsApp's window once the reporter has written again
    (the window is open): a coordinator's action (a POST), since only their opened key can read them. Returns
    how many were queued; the task worker sends them (``dispatch.py``). Audited, counts only."""
    waiting = _held_waiting(complaint)
    if not waiting:
        return 0
    channel = waiting[0].channel
    if not whatsapp_window_open(complaint=complaint, channel=channel):
        return 0
    number = _reporter_number(complaint, keyring_private)
    if not number or not reply_configured(channel):
        return 0
    queued = 0
    with transaction.atomic():
        for held in waiting:
            # Claimed by a conditional update: two coordinators confirming at once queue each message once.
            if HeldMessage.objects.filter(pk=held.pk, sent_at__isnull=True).update(sent_at=timezone.now()) != 1:
                continue
            body = _message_body(held.message, keyring_private)
            dispatch_queue(complaint=complaint, channel=channel, to=number, text=body, message=held.message)
            queued += 1
        if queued:
            record(
                actor=actor,
                action=Action.REPORTER_MESSAGE_QUEUED,
                target=complaint,
                data={"channel": channel.slug, "provider": channel.provider, "count": queued, "held": True},
            )
    return queued


def conversation_reply(
    *, actor: Any, complaint: Complaint, keyring_private: bytes, body: str, message: Message | None = None
) -> Relayed | None:
    """Queue a coordinator's message for the reporter's sealed number over the SMS/WhatsApp channel the
    complaint came by. None when the complaint did not come by such a channel (nothing to do); otherwise what
    became of it (``Relayed``). Audited, without the number or the text.

    The message leaves the request sealed to the dispatch key and the task worker sends it (``dispatch.py``).
    WhatsApp allows free-form messages only within 24 hours of the reporter's last message. Outside that
    window the message is held (``HeldMessage``: a flag, the text stays sealed in the case record) and, where
    the channel has ``template_content_sid``, the approved template is queued instead; held messages go out
    once the reporter writes again and a coordinator confirms them (``held_messages_release``) or writes again.

    Call it after ``cases.services.message_to_reporter`` (give its ``message``; without it, the complaint's
    latest message to the reporter is the one held) with the complaint's opened key: the message stays in
    the case record for the receipt holder either way.
    """
    if not body.strip():
        raise ApplicationError(_("The message is empty."))
    channel = relay_channel(complaint)
    if channel is None:
        return None
    number = _reporter_number(complaint, keyring_private)
    if not whatsapp_window_open(complaint=complaint, channel=channel):
        return _hold(actor=actor, complaint=complaint, channel=channel, number=number, message=message)
    # Earlier held messages first, so the reporter reads them in the order they were written.
    held_messages_release(actor=actor, complaint=complaint, keyring_private=keyring_private)
    if not number or not reply_configured(channel):
        record(
            actor=actor,
            action=Action.REPORTER_MESSAGE_RELAYED,
            target=complaint,
            data={"channel": channel.slug, "provider": channel.provider, "sent": False},
        )
        return Relayed.FAILED
    dispatch_queue(complaint=complaint, channel=channel, to=number, text=body, message=message)
    record(
        actor=actor,
        action=Action.REPORTER_MESSAGE_QUEUED,
        target=complaint,
        data={"channel": channel.slug, "provider": channel.provider, "count": 1, "held": False},
    )
    return Relayed.QUEUED
