"""Periodic tasks of the partners app, discovered by ``manage.py run_scheduler``: (task, every N seconds)."""

from __future__ import annotations

from typing import Any

from django_tasks.base import Task

from .tasks import assessment_renewal_remind

PERIODIC_TASKS: list[tuple[Task[Any, Any], int]] = [
    (assessment_renewal_remind, 24 * 60 * 60),  # assessments: expiring partner assessments, reminded once each
]
