"""Periodic work of the audit log (``periodic.py``), run by ``db_worker``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django_tasks import task

from . import services


@task()
def failure_windows_close() -> int:
    """Write the counts of anonymous failures whose window has ended, even if no failure came after it."""
    return services.failure_windows_flush()


@task()
def anchor_to_file() -> str:
    """Append the chain's head to ``AUDIT_ANCHOR_FILE`` (when set)."""
    if not settings.AUDIT_ANCHOR_FILE:
        return ""
    return services.anchor_file_append(path=Path(settings.AUDIT_ANCHOR_FILE)).strip()


@task()
def anchor_to_auditors() -> str:
    """E-mail the chain's head to ``AUDIT_ANCHOR_EMAILS`` (when set)."""
    if not settings.AUDIT_ANCHOR_EMAILS:
        return ""
    seq, last_hash = services.anchor_email_send(recipients=list(settings.AUDIT_ANCHOR_EMAILS))
    return f"{seq}:{last_hash}"
