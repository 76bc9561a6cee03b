"""Background work of intake: mailbox polling (enqueued by ``manage.py run_scheduler``) and fetching the media
reporters send by SMS/WhatsApp or with a field form (enqueued by the pipeline)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from .adapters.mailbox import mailbox_poll_enabled
from .media import media_fetch_run


@task()
def mailbox_poll_all() -> dict[str, dict[str, int]]:
    """Take in the new messages of every enabled IMAP channel (counts per channel; never content)."""
    return mailbox_poll_enabled()


@task()
def media_fetch(*, channel_id: int, complaint_id: int, items: list[dict[str, Any]], attempt: int = 1) -> dict[str, int]:
    """Fetch a message's media into its complaint (counts only). The items' addresses are in these arguments
    until fetched; a second run of the same items attaches nothing twice."""
    return media_fetch_run(channel_id=channel_id, complaint_id=complaint_id, items=items, attempt=attempt)
