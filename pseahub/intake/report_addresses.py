"""The intake channels' public addresses, for the public directory (``core.discovery``): the enabled hotline, SMS,
WhatsApp and e-mail channels' addresses and nothing else of a channel (no name, slug, settings or secret)."""

from __future__ import annotations

from pseahub.cases.models import Channel

from .models import IntakeChannel

PUBLIC_TYPES = (Channel.HOTLINE, Channel.SMS, Channel.WHATSAPP, Channel.EMAIL)


def public_report_addresses() -> list[tuple[str, str]]:
    rows = (
        IntakeChannel.objects.filter(is_enabled=True, type__in=PUBLIC_TYPES)
        .exclude(address="")
        .order_by("type", "address")
        .values_list("type", "address")
    )
    return [(str(channel_type), address) for channel_type, address in rows]
