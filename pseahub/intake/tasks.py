"""Background work of intake: mailbox polling (enqueued by ``manage.py run_scheduler``), fetching the media
reporters send by SMS/WhatsApp or with a field form (enqueued by the pipeline), and sending coordinators'
messages to reporters (enqueued when a coordinator sends or confirms them; ``dispatch.py``)."""

from __future__ import annotations

from typing import Any

from django_tasks import TaskResultStatus, task

from .adapters.mailbox import mailbox_poll_enabled
from .dispatch import dispatch_deliver_run, dispatch_sweep_run
from .media import media_fetch_run
from .submission import submissions_sweep


@task()
def mailbox_poll_all() -> dict[str, dict[str, int]]:
    """Take in the new messages of every enabled IMAP channel (counts per channel; never content)."""
    return mailbox_poll_enabled()


@task()
def media_fetch(*, channel_id: int, complaint_id: int, items: list[dict[str, Any]], attempt: int = 1) -> dict[str, int]:
    """Fetch a message's media into its complaint (counts only). The items' addresses are in these arguments
    until fetched; a second run of the same items attaches nothing twice."""
    counts = media_fetch_run(channel_id=channel_id, complaint_id=complaint_id, items=items, attempt=attempt)
    _media_runs_forget()
    return counts


@task()
def dispatch_deliver(*, complaint_id: int) -> dict[str, int]:
    """Send the complaint's queued messages to its reporter, in order (counts only; the arguments hold no
    number and no text: those stay sealed to the dispatch key until sent)."""
    return dispatch_deliver_run(complaint_id=complaint_id)


@task()
def dispatch_sweep() -> int:
    """Enqueue again the deliveries whose task was lost (periodic; how many complaints)."""
    return dispatch_sweep_run()


@task()
def submission_sweep() -> int:
    """Delete the report forms' expired one-time claims and the receipts nobody opened in time (periodic)."""
    return submissions_sweep()


def _media_runs_forget() -> None:
    """The database backend keeps finished runs with their arguments, here the media addresses and names:
    delete the finished runs of ``media_fetch``, so they are stored only until fetched (this run's own row
    goes with the next run)."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the backend is a dependency
        return
    if isinstance(media_fetch.get_backend(), DatabaseBackend):
        DBTaskResult.objects.filter(
            task_path=media_fetch.module_path,
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        ).delete()
