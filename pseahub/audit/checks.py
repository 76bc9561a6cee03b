"""``check --deploy``: without anchors outside the database, a truncated log cannot be told from an intact one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_audit_anchors(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.AUDIT_ANCHOR_EMAILS and not settings.AUDIT_ANCHOR_FILE:
        return [
            Warning(
                "The audit log's head is anchored nowhere outside the database: someone who can write the "
                "database can delete its last entries undetected.",
                hint="Set AUDIT_ANCHOR_EMAILS (the network's auditors) and/or AUDIT_ANCHOR_FILE; see "
                "pseahub/audit/README.md, The anchor procedure.",
                id="pseahub.W_AUDIT_ANCHORS",
            )
        ]
    if settings.AUDIT_ANCHOR_FILE and not Path(settings.AUDIT_ANCHOR_FILE).parent.is_dir():
        return [
            Warning(
                f"AUDIT_ANCHOR_FILE is in a directory that does not exist: {settings.AUDIT_ANCHOR_FILE}.",
                id="pseahub.W_AUDIT_ANCHOR_FILE",
            )
        ]
    return []
