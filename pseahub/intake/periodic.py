"""Intake's periodic tasks (discovered by ``manage.py run_scheduler``): (task, every N seconds)."""

from __future__ import annotations

from django_tasks.base import Task

from .tasks import dispatch_sweep, mailbox_poll_all

PERIODIC_TASKS: list[tuple[Task, int]] = [
    (mailbox_poll_all, 60),
    (dispatch_sweep, 10 * 60),
]
