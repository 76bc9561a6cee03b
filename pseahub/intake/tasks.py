"""Periodic work of intake, enqueued by ``manage.py run_scheduler``."""

from __future__ import annotations

from django_tasks import task

from .adapters.mailbox import mailbox_poll_enabled


@task()
def mailbox_poll_all() -> dict[str, dict[str, int]]:
    """Take in the new messages of every enabled IMAP channel (counts per channel; never content)."""
    return mailbox_poll_enabled()
