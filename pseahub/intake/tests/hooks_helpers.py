"""Helpers for the webhook and field-form tests: channels with their secret in the environment, signed
requests as each provider sends them, and a small HTTP server on loopback playing the provider's API."""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client, TestCase

from pseahub.intake.adapters.sms import hmac_sha256_hex, twilio_signature
from pseahub.intake.models import IntakeChannel

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
SECRET = "webhook-secret-for-tests-0123456789"
NUMBER = "+22370000001"


def channel_make(
    monkeypatch: pytest.MonkeyPatch,
    *,
    provider: str,
    slug: str,
    type: str = "sms",
    secret: str = SECRET,
    languages: list[str] | None = None,
    **config: Any,
) -> IntakeChannel:
    """A channel whose secret is in the environment variable it names, as in production. The consent questions
    (``consent_sms``) are off unless asked for (``consent_questions=True``), so that the tests of receipts and
    messages see only those; the consent tests turn them on."""
    config.setdefault("consent_questions", False)
    env = f"PSEAHUB_TEST_SECRET_{slug.upper().replace('-', '_')}"
    monkeypatch.setenv(env, secret)
    return IntakeChannel.objects.create(
        name=f"{provider} {slug}",
        slug=slug,
        type=type,
        provider=provider,
        address="+22399990000",
        languages=languages or ["en"],
        secret_env=env,
        config=config,
    )


def twilio_post(
    client: Client,
    channel: IntakeChannel,
    params: dict[str, str],
    *,
    token: str = SECRET,
    url: str | None = None,
    signature: str | None = None,
) -> Any:
    path = f"/intake/hooks/twilio/{channel.slug}"
    signed_url = url or f"http://testserver{path}"
    if signature is None:
        signature = twilio_signature(token, signed_url, params.items())
    return client.post(path, data=urllib.parse.urlencode(params), content_type=FORM, HTTP_X_TWILIO_SIGNATURE=signature)


def twilio_params(sid: str = "SM0001", body: str = "A guard asked me for sex for food.", sender: str = NUMBER) -> dict:
    return {"MessageSid": sid, "From": sender, "To": "+22399990000", "Body": body, "NumMedia": "0"}


def basic_auth(password: str, user: str = "pseahub") -> str:
    """The Authorization header an HTTP client sends for credentials in a URL (``https://user:password@…``)."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def africastalking_post(
    client: Client, channel: IntakeChannel, params: dict[str, str], *, token: str | None = SECRET
) -> Any:
    """As Africa's Talking calls a callback URL with credentials in it: the secret in the Authorization header."""
    headers = {"HTTP_AUTHORIZATION": basic_auth(token)} if token is not None else {}
    return client.post(
        f"/intake/hooks/africastalking/{channel.slug}",
        data=urllib.parse.urlencode(params),
        content_type=FORM,
        **headers,
    )


def africastalking_params(id: str = "ATXid_1", text: str = "He asked for sex.", sender: str = NUMBER) -> dict:
    return {"from": sender, "to": "3030", "text": text, "id": id, "date": "2026-01-15 10:22:01", "linkId": "L1"}


def generic_post(
    client: Client,
    channel: IntakeChannel,
    payload: Any,
    *,
    secret: str = SECRET,
    signature: str | None = None,
    raw: bytes | None = None,
) -> Any:
    body = raw if raw is not None else json.dumps(payload).encode()
    if signature is None:
        signature = hmac_sha256_hex(secret, body)
    return client.post(
        f"/intake/hooks/generic/{channel.slug}", data=body, content_type=JSON, HTTP_X_SIGNATURE=signature
    )


def generic_payload(id: str = "g-1", text: str = "Someone from the NGO asked for sex.", sender: str = NUMBER) -> dict:
    return {"id": id, "from": f"tel:{sender}", "text": text, "timestamp": "2026-01-15T10:22:01Z"}


def kobo_post(client: Client, channel: IntakeChannel, payload: Any, *, token: str = SECRET) -> Any:
    return client.post(
        f"/intake/hooks/kobo/{channel.slug}",
        data=json.dumps(payload),
        content_type=JSON,
        HTTP_AUTHORIZATION=f"Token {token}",
    )


def committed() -> Any:
    """Run what a webhook left for after its commit (the receipt's delivery task, media fetches), as in
    production: pytest-django's test transaction never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


# --- the provider's API, played on loopback ---------------------------------------------------------------------
@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes

    @property
    def form(self) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.body.decode()))

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class FakeProvider:
    """An HTTP server on 127.0.0.1 that records each request and answers ``status``."""

    def __init__(self, status: int = 201) -> None:
        self.status = status
        self.requests: list[Recorded] = []
        self._arrived = threading.Condition()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with provider._arrived:
                    headers = {name.lower(): value for name, value in self.headers.items()}
                    provider.requests.append(Recorded("POST", self.path, headers, body))
                    provider._arrived.notify_all()
                answer = b'{"sid": "SM-fake", "status": "queued"}'
                self.send_response(provider.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def wait(self, count: int = 1, timeout: float = 5.0) -> list[Recorded]:
        """The requests received, once at least ``count`` have arrived (or ``timeout`` seconds have passed)."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.requests) >= count, timeout=timeout)
            return list(self.requests)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- reading what was stored -------------------------------------------------------------------------------------
def keyring_private_of(user: Any, complaint: Any) -> bytes:
    """The complaint's private key as ``user`` (a coordinator) opens it with their password."""
    from pseahub.accounts.services import user_private_key_unlock
    from pseahub.accounts.tests.factories import PASSWORD
    from pseahub.vault import services as vault

    private = user_private_key_unlock(user=user, password=PASSWORD)
    return vault.keyring_open_for_user(keyring=complaint.keyring, user=user, user_private=private)


def sealed_of(user: Any, complaint: Any) -> dict[str, Any]:
    """The complaint's sealed fields, opened as ``user``."""
    from pseahub.vault import services as vault

    return vault.open_data(keyring_private_of(user, complaint), bound_to=(complaint, "sealed"))
