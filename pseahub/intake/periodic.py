"""Periodic tasks of intake, enqueued by ``manage.py run_scheduler`` (see ``pseahub.core.discovery``)."""

from __future__ import annotations

from typing import Any

from django_tasks.base import Task

from .tasks import dispatch_sweep, mailbox_poll_all, submission_sweep

PERIODIC_TASKS: list[tuple[Task[Any, Any], int]] = [
    (mailbox_poll_all, 60),  # mailbox polling
    (dispatch_sweep, 10 * 60),  # re-queue messages to reporters whose task was lost
    (submission_sweep, 15 * 60),  # forget expired form claims and unopened receipts
]
