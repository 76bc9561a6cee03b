"""The network's public key messages for the public directory (``core.discovery``): the mapping app finds them
here without importing the partners app."""

from __future__ import annotations

from pseahub.core.discovery import PublicMessage

from .campaigns import public_message_records


def public_messages(language: str) -> list[PublicMessage]:
    return [
        PublicMessage(
            topic=str(item.topic),
            text=item.text,
            language_code=language,
            local=tuple((t.language_code, t.language_name, t.text) for t in item.local),
        )
        for item in public_message_records(language)
    ]
