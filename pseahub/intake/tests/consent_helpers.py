"""Helpers for the SMS/WhatsApp consent tests: a channel that asks the consent questions and replies through a
fake provider on loopback (the generic JSON gateway, or Twilio), and a reporter writing to it through the real
webhook, each message committed so that the task worker sends what it queued, as in production."""

from __future__ import annotations

from typing import Any

from pseahub.cases.models import Complaint, Consent, Message
from pseahub.vault import services as vault

from .hooks_helpers import (
    NUMBER,
    channel_make,
    committed,
    generic_payload,
    generic_post,
    keyring_private_of,
    twilio_params,
    twilio_post,
)

ENGLISH = "The guard at the water point asked my sister for sex in exchange for a food card."
FRENCH = "Le gardien du point d'eau a demandé à ma sœur des relations sexuelles contre une carte de ration."
ARABIC = "طلب مني حارس في نقطة توزيع الماء ممارسة الجنس مقابل بطاقة الطعام"


def consent_channel(monkeypatch: Any, provider: Any, *, type: str = "sms", languages: list[str] | None = None) -> Any:
    """A generic-gateway channel that replies (to ``provider``) and asks the consent questions."""
    return channel_make(
        monkeypatch,
        provider="generic",
        slug=f"gateway-{type}",
        type=type,
        languages=languages or ["en"],
        send_url=f"{provider.url}/send",
        consent_questions=True,
    )


class Reporter:
    """One phone writing to ``channel``; each message gets a new provider id."""

    def __init__(self, client: Any, channel: Any, number: str = NUMBER) -> None:
        self.client, self.channel, self.number, self.count = client, channel, number, 0

    def says(self, text: str, **extra: str) -> Any:
        self.count += 1
        with committed():
            if self.channel.provider == "twilio":
                params = twilio_params(sid=f"SM{self.number[-4:]}{self.count:04}", body=text, sender=self.number)
                response = twilio_post(self.client, self.channel, {**params, **extra})
            else:
                payload = generic_payload(id=f"g-{self.number[-4:]}-{self.count}", text=text, sender=self.number)
                response = generic_post(self.client, self.channel, payload)
        assert response.status_code == 200
        return response


def texts(provider: Any) -> list[str]:
    """What the reporter's phone received, in order (generic gateway JSON or Twilio's Body)."""
    return [r.json["text"] if r.path == "/send" else r.form.get("Body", "") for r in provider.requests]


def consents(complaint: Complaint | None = None) -> list[tuple[str, str]]:
    complaint = complaint or Complaint.objects.get()
    return [(c.purpose, c.decision) for c in Consent.objects.filter(complaint=complaint)]


def messages_from_reporter(coordinator: Any, complaint: Complaint | None = None) -> list[str]:
    complaint = complaint or Complaint.objects.get()
    private = keyring_private_of(coordinator, complaint)
    return [
        vault.open_data(private, bound_to=(message, "sealed"))["body"]
        for message in Message.objects.filter(complaint=complaint).order_by("pk")
    ]
