"""Periodic tasks of the tracker import, enqueued by ``manage.py run_scheduler`` (see ``pseahub.core.discovery``)."""

from __future__ import annotations

from typing import Any

from django_tasks.base import Task

from .tasks import imports_expire_task

PERIODIC_TASKS: list[tuple[Task[Any, Any], int]] = [
    (imports_expire_task, 60 * 60),  # uploads kept seven days at most
]
