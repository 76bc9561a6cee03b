"""Webhooks for SMS and WhatsApp providers and for field-form submissions, and the XLSForm for staff.

Every webhook answers with a decision and never a crash: 404 unknown or disabled channel, 405 not POST,
413 body over 64 KB, 415 wrong content type, 403 bad or missing signature or token (a token travels in the
``Authorization`` header, never in the URL: paths end up in access logs; refusals are counted per window into
an audit entry holding neither content nor number), 400 missing or invalid fields with a short reason that
repeats none of the content, 200 received (or already received: a provider's retry or a replay creates nothing).

A new complaint's receipt is queued sealed to the dispatch key by the pipeline (``adapters.sms.receipt_queue``)
and sent by the task worker (``dispatch.py``); media (Twilio's ``MediaUrl{N}``, Kobo's ``_attachments``) are
fetched by a task the pipeline enqueues once the complaint is committed (``media.py``). Neither happens here.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import urllib.parse
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pseahub.accounts.models import Role
from pseahub.audit.models import Action
from pseahub.audit.services import failure_count
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError

from .adapters import fieldform, sms
from .adapters.sms import HookRefused
from .models import IntakeChannel, Provider
from .pipeline import InboundInput, InboundResult, inbound_receive

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
MAX_FORM_FIELDS = 100
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
CHANNEL_TYPES = {
    Provider.TWILIO: ("sms", "whatsapp"),
    Provider.AFRICASTALKING: ("sms",),
    Provider.GENERIC: ("sms", "whatsapp", "other"),
    Provider.KOBO: ("field_form",),
}


def _plain(status: int, reason: str) -> HttpResponse:
    return HttpResponse(reason, status=status, content_type="text/plain; charset=utf-8")


def _channel(slug: str, provider: Provider) -> IntakeChannel | None:
    return IntakeChannel.objects.filter(
        slug=slug, provider=provider, is_enabled=True, type__in=CHANNEL_TYPES[provider]
    ).first()


def _body(request: HttpRequest, expected: str) -> bytes:
    """The raw body, refused when too large (before reading it, when the length is announced) or of another
    content type than ``expected`` (a charset parameter is allowed)."""
    try:
        announced = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise HookRefused(400, "invalid Content-Length") from None
    if announced > MAX_BODY_BYTES:
        raise HookRefused(413, "payload too large")
    content_type = (request.META.get("CONTENT_TYPE") or "").split(";", 1)[0].strip().lower()
    if content_type != expected:
        raise HookRefused(415, f"expected {expected}")
    try:
        body = request.body
    except RequestDataTooBig:
        raise HookRefused(413, "payload too large") from None
    if len(body) > MAX_BODY_BYTES:
        raise HookRefused(413, "payload too large")
    return body


def _form(body: bytes) -> list[tuple[str, str]]:
    try:
        text = body.decode("utf-8")
        return urllib.parse.parse_qsl(
            text, keep_blank_values=True, strict_parsing=False, max_num_fields=MAX_FORM_FIELDS, errors="strict"
        )
    except (UnicodeDecodeError, ValueError):
        raise HookRefused(400, "invalid form body") from None


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise HookRefused(400, "invalid JSON") from None


def _refused(channel: IntakeChannel, reason: str) -> HttpResponse:
    """403, counted towards an audit entry naming the channel and why (never the content or the number)."""
    if not channel.secret():
        logger.warning("intake webhook: channel %s has no secret in its environment variable", channel.slug)
        reason = "no_secret_configured"
    # Anyone can send these as fast as they like: counted, and one entry per channel and window.
    failure_count(
        action=Action.WEBHOOK_SIGNATURE_REJECTED,
        target=channel,
        data={"provider": channel.provider, "reason": reason},
    )
    return _plain(403, "forbidden")


def _receive(channel: IntakeChannel, data: InboundInput) -> InboundResult:
    try:
        return inbound_receive(channel=channel, data=data)
    except ApplicationError:
        raise HookRefused(400, "refused") from None


def _hook(provider: Provider, handle: Callable[..., HttpResponse]) -> Any:
    """The common shell of a webhook: POST only, the channel by slug, refusals as plain 4xx answers.

    csrf_exempt: the callers are providers' servers, not browsers. Nothing here rides on a cookie or a
    session; each request is authenticated by its own signature or token, which a cross-site form could not
    produce, so CSRF protection has nothing to protect and would only refuse the providers.
    """

    @csrf_exempt
    @require_POST
    def view(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
        channel = _channel(slug, provider)
        if channel is None:
            return _plain(404, "unknown channel")
        try:
            return handle(request, channel, **kwargs)
        except HookRefused as refusal:
            return _plain(refusal.status, refusal.reason)

    view.__name__ = view.__qualname__ = handle.__name__
    view.__doc__ = handle.__doc__
    return view


def _twilio(request: HttpRequest, channel: IntakeChannel) -> HttpResponse:
    """Twilio SMS / WhatsApp: X-Twilio-Signature over the webhook URL and the sorted POST parameters."""
    params = _form(_body(request, FORM))
    config = channel.config if isinstance(channel.config, dict) else {}
    url = str(config.get("public_url") or "") or request.build_absolute_uri()
    if config.get("public_url") and request.META.get("QUERY_STRING") and "?" not in url:
        url = f"{url}?{request.META['QUERY_STRING']}"
    signature = request.META.get("HTTP_X_TWILIO_SIGNATURE", "")
    if not sms.twilio_signature_valid(token=channel.secret(), url=url, params=params, signature=signature):
        return _refused(channel, "invalid" if signature else "missing")
    data = sms.twilio_parse(channel, dict(params))
    _receive(channel, data)
    return HttpResponse(TWIML_EMPTY, content_type="text/xml; charset=utf-8")


def _africastalking(request: HttpRequest, channel: IntakeChannel) -> HttpResponse:
    """Africa's Talking SMS: AT cannot sign its callbacks, so the channel secret comes as HTTP Basic credentials
    (any user name, the secret as password: the callback URL ``https://pseahub:<secret>@host/…`` makes the
    client send it as an ``Authorization`` header, which access logs do not record) or ``Authorization: Token``
    from a proxy that adds it. Never in the path or the query string."""
    token = _authorization_token(request)
    if not sms.token_valid(secret=channel.secret(), token=token):
        return _refused(channel, "invalid" if token else "missing")
    params = _form(_body(request, FORM))
    data = sms.africastalking_parse(channel, dict(params))
    _receive(channel, data)
    return _plain(200, "ok")


def _generic(request: HttpRequest, channel: IntakeChannel) -> HttpResponse:
    """Generic JSON (RapidPro-style): X-Signature is the hex HMAC-SHA256 of the raw body."""
    body = _body(request, JSON)
    signature = request.META.get("HTTP_X_SIGNATURE", "")
    if not sms.generic_signature_valid(secret=channel.secret(), body=body, signature=signature):
        return _refused(channel, "invalid" if signature else "missing")
    data = sms.generic_parse(channel, _json(body))
    result = _receive(channel, data)
    return JsonResponse({"status": "duplicate" if result.duplicate else "received"})


def _authorization_token(request: HttpRequest) -> str:
    """``Authorization: Token <secret>``, or Basic with the secret as the password (KoboToolbox's REST
    services offer Basic authentication besides custom headers; Africa's Talking sends the credentials of its
    callback URL)."""
    scheme, _space, value = request.META.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    if scheme.lower() == "token":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            return ""
        return decoded.partition(":")[2]
    return ""


def _kobo(request: HttpRequest, channel: IntakeChannel) -> HttpResponse:
    """KoboToolbox REST service / ODK JSON submission."""
    token = _authorization_token(request)
    if not sms.token_valid(secret=channel.secret(), token=token):
        return _refused(channel, "invalid" if token else "missing")
    data = fieldform.submission_parse(channel, _json(_body(request, JSON)))
    result = _receive(channel, data)
    answer: dict[str, str] = {"status": "duplicate" if result.duplicate else "received"}
    if result.created and result.receipt:
        # Only with the channel's issue_receipt setting: for a client that shows it to the reporter.
        answer["receipt"] = result.receipt
    return JsonResponse(answer, status=201 if result.created else 200)


twilio = _hook(Provider.TWILIO, _twilio)
africastalking = _hook(Provider.AFRICASTALKING, _africastalking)
generic = _hook(Provider.GENERIC, _generic)
kobo = _hook(Provider.KOBO, _kobo)


@csrf_exempt
def africastalking_retired(request: HttpRequest, slug: str, rest: str) -> HttpResponse:
    """The old Africa's Talking address, with the secret as its last path segment: 404 with the reason, and not
    logged by Django (its "Not Found" line would write the secret into the logs). Nothing else is done."""
    response = _plain(404, "this callback address is retired: the token goes in the Authorization header now")
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@never_cache
@role_required(Role.COORDINATOR, Role.OPERATOR)
def fieldform_xlsx(request: HttpRequest) -> HttpResponse:
    """The intake form as an XLSForm, to publish in KoboToolbox or ODK Central."""
    response = HttpResponse(
        fieldform.xlsform_build(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{fieldform.FORM_ID}.xlsx"'
    return response
