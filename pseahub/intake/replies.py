"""Intake's SMS/WhatsApp reply channel, registered with ``cases.replies`` in ``IntakeConfig.ready``: cases call
through that interface and never import intake's adapters."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pseahub.cases.models import Complaint, Message
from pseahub.cases.replies import Delivery

from . import dispatch
from .adapters import sms
from .models import DispatchKind, DispatchState, HeldMessage


def _delivery(state: str, attempts: int = 0) -> Delivery:
    labels = {
        "held": _("SMS/WhatsApp: held until the reporter writes again"),
        DispatchState.QUEUED: _("SMS/WhatsApp: queued"),
        DispatchState.SENDING: _("SMS/WhatsApp: queued"),
        DispatchState.SENT: _("SMS/WhatsApp: sent"),
    }
    if state == DispatchState.FAILED:
        label = _("SMS/WhatsApp: failed, given up after %(count)d attempt(s)") % {"count": attempts}
    else:
        label = str(labels[state])
    return Delivery(state="queued" if state == DispatchState.SENDING else str(state), label=label)


class SmsReplyChannel:
    """Replies over the SMS/WhatsApp channel a complaint came by (``adapters.sms``), sent by the task worker."""

    def can_reply(self, complaint: Complaint) -> bool:
        return sms.relay_channel(complaint) is not None

    def send(self, *, actor: Any, complaint: Complaint, keyring_private: bytes, message: Message, body: str) -> str:
        relayed = sms.conversation_reply(
            actor=actor, complaint=complaint, keyring_private=keyring_private, body=body, message=message
        )
        return str(sms.RELAYED_NOTICE[relayed]) if relayed in sms.RELAYED_NOTICE else ""

    def releasable(self, complaint: Complaint) -> int:
        return sms.held_releasable(complaint=complaint)

    def release(self, *, actor: Any, complaint: Complaint, keyring_private: bytes) -> int:
        return sms.held_messages_release(actor=actor, complaint=complaint, keyring_private=keyring_private)

    def deliveries(self, complaint: Complaint) -> dict[int, Delivery]:
        states: dict[int, Delivery] = {
            message_id: _delivery("held")
            for message_id in HeldMessage.objects.filter(complaint=complaint, sent_at__isnull=True).values_list(
                "message_id", flat=True
            )
        }
        for sent in dispatch.dispatches_of(complaint):
            if sent.kind == DispatchKind.MESSAGE and sent.message_id is not None:
                states[sent.message_id] = _delivery(sent.state, sent.attempts)
        return states

    def receipt_delivery(self, complaint: Complaint) -> Delivery | None:
        receipt = next((d for d in dispatch.dispatches_of(complaint) if d.kind == DispatchKind.RECEIPT), None)
        return _delivery(receipt.state, receipt.attempts) if receipt is not None else None


reply_channel = SmsReplyChannel()
