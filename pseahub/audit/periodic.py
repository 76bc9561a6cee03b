"""The audit app's periodic tasks, enqueued by ``manage.py run_scheduler``."""

from __future__ import annotations

from typing import Any

from django_tasks.base import Task

from .tasks import anchor_to_auditors, anchor_to_file, failure_windows_close

PERIODIC_TASKS: list[tuple[Task[..., Any], int]] = [
    (failure_windows_close, 60),
    (anchor_to_file, 60 * 60),
    (anchor_to_auditors, 24 * 60 * 60),
]
