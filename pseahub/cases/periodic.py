"""Periodic tasks of cases, enqueued by ``manage.py run_scheduler`` (see ``pseahub.core.discovery``)."""

from __future__ import annotations

from typing import Any

from django_tasks.base import Task

from .tasks import retention_purge

PERIODIC_TASKS: list[tuple[Task[Any, Any], int]] = [
    (retention_purge, 6 * 60 * 60),  # retention purge
]
