"""Demo channels for `make run`: an SMS line (generic signed webhook), a Kobo field form and a neutral
mailbox (disabled until pointed at a real IMAP server). Their demo secrets are set by the dev settings."""

from __future__ import annotations

from pseahub.core.discovery import DemoOptions

from .models import IntakeChannel, Provider

DEMO_CHANNELS = [
    {
        "slug": "sms-demo",
        "name": "Ligne SMS 36 36 (démo)",
        "type": "sms",
        "provider": Provider.GENERIC,
        "address": "3636",
        "languages": ["fr", "en"],
        "secret_env": "PSEAHUB_DEMO_SMS_SECRET",
        "config": {},
        "is_enabled": True,
    },
    {
        "slug": "kobo-demo",
        "name": "Formulaires terrain Kobo (démo)",
        "type": "field_form",
        "provider": Provider.KOBO,
        "address": "",
        "languages": ["fr", "en"],
        "secret_env": "PSEAHUB_DEMO_KOBO_TOKEN",
        "config": {},
        "is_enabled": True,
    },
    {
        "slug": "mailbox-demo",
        "name": "Boîte neutre psea@reseau-mali (démo)",
        "type": "email",
        "provider": Provider.IMAP,
        "address": "psea@reseau-psea-mali.example",
        "languages": ["fr"],
        "secret_env": "PSEAHUB_DEMO_IMAP_PASSWORD",
        "config": {"host": "127.0.0.1", "port": 993, "username": "psea", "folder": "INBOX", "tls": True},
        # Off until an administrator points it at a real mailbox (see pseahub/intake/README.md).
        "is_enabled": False,
    },
]


def demo_channels_load() -> int:
    """Create the demo channels that are missing (by slug); return how many were created."""
    created = 0
    for values in DEMO_CHANNELS:
        _channel, was_created = IntakeChannel.objects.get_or_create(
            slug=values["slug"], defaults={k: v for k, v in values.items() if k != "slug"}
        )
        created += int(was_created)
    return created


DEMO_ORDER = 30  # needs no other demo data; loaded after the services, as always


def load(options: DemoOptions) -> dict[str, int]:
    return {"channels": demo_channels_load()}
