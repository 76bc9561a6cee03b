"""Helpers for the dispatch tests: a WhatsApp complaint whose coordinator message was held for the 24-hour
window and whose reporter has written again, so a coordinator may now confirm it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.test import TestCase

from pseahub.cases.models import Complaint
from pseahub.cases.services import message_to_reporter
from pseahub.intake.adapters.sms import conversation_reply

from .hooks_helpers import NUMBER, channel_make, keyring_private_of, twilio_params, twilio_post

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HELD_TEXT = "Held-Question-5521: where did it happen?"
#: The reporter wrote again at this time: held messages may go out from here until 24 hours later.
BACK = T0 + dt.timedelta(hours=30)


def whatsapp_channel(monkeypatch: Any, provider_url: str, **config: Any) -> Any:
    return channel_make(
        monkeypatch,
        provider="twilio",
        slug="twilio-wa",
        type="whatsapp",
        api_base=provider_url,
        account_sid="AC1",
        **config,
    )


def complaint_with_held_message(client: Any, personas: Any, channel: Any) -> Complaint:
    """The reporter writes at T0; a coordinator writes 25 hours later (held); the reporter writes again at BACK."""
    with time_machine.travel(T0, tick=False):
        twilio_post(client, channel, twilio_params(sid="SM0001", sender=f"whatsapp:{NUMBER}"))
    complaint = Complaint.objects.get()
    with time_machine.travel(T0 + dt.timedelta(hours=25), tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        message = message_to_reporter(actor=personas.coordinator, complaint=complaint, body=HELD_TEXT)
        conversation_reply(
            actor=personas.coordinator,
            complaint=complaint,
            keyring_private=keyring_private_of(personas.coordinator, complaint),
            body=HELD_TEXT,
            message=message,
        )
    with time_machine.travel(BACK, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        twilio_post(client, channel, twilio_params(sid="SM0002", body="I am here.", sender=f"whatsapp:{NUMBER}"))
    return complaint


def sent_texts(provider: Any) -> list[str]:
    return [r.form.get("Body", "") for r in provider.requests if r.path.endswith("/Messages.json")]
