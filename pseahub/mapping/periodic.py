"""Periodic tasks of the mapping, discovered by ``manage.py run_scheduler``: (task, every N seconds)."""

from __future__ import annotations

from typing import Any

from django_tasks.base import Task

from .tasks import service_verification_remind

PERIODIC_TASKS: list[tuple[Task[Any, Any], int]] = [
    (service_verification_remind, 6 * 60 * 60),  # services due for verification: a reminder once per period
]
