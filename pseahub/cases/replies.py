"""Reply channels: how a coordinator's message reaches the reporter's phone, without cases importing intake.

Cases knows only this interface; intake registers its SMS/WhatsApp channel here in ``IntakeConfig.ready``
(``pseahub.intake.replies``). A complaint that no registered channel can answer keeps its messages in the case
record, where the reporter reads them with the receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from .models import Complaint, Message


@dataclass(frozen=True)
class Delivery:
    """What became of one message on the reporter's phone, as the case page shows it."""

    state: str  # "held", "queued", "sent" or "failed"
    label: str  # for the coordinator, translated


class ReplyChannel(Protocol):
    def can_reply(self, complaint: Complaint) -> bool:
        """Whether the complaint came by this channel (its messages are this channel's to send)."""
        ...

    def send(self, *, actor: Any, complaint: Complaint, keyring_private: bytes, message: Message, body: str) -> str:
        """Queue ``message`` for the reporter; a notice for the coordinator, or "" when there is nothing to say."""
        ...

    def releasable(self, complaint: Complaint) -> int:
        """How many held messages a coordinator can confirm now. Reads only."""
        ...

    def release(self, *, actor: Any, complaint: Complaint, keyring_private: bytes) -> int:
        """Queue the held messages (a coordinator's confirmation); how many."""
        ...

    def deliveries(self, complaint: Complaint) -> dict[int, Delivery]:
        """The delivery state of the complaint's messages, by message id. Reads only."""
        ...

    def receipt_delivery(self, complaint: Complaint) -> Delivery | None:
        """The delivery state of the receipt code sent back to the reporter, if one was. Reads only (never the
        receipt itself)."""
        ...


_channels: list[ReplyChannel] = []


def reply_channel_register(channel: ReplyChannel) -> None:
    if channel not in _channels:
        _channels.append(channel)


def reply_channel_for(complaint: Complaint) -> ReplyChannel | None:
    """The registered channel that answers this complaint, if any."""
    return next((channel for channel in _channels if channel.can_reply(complaint)), None)
