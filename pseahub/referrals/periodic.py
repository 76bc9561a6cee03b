"""Periodic tasks of referrals, enqueued by ``manage.py run_scheduler`` (see ``pseahub.core.discovery``)."""

from __future__ import annotations

from typing import Any

from django_tasks.base import Task

from .tasks import deadlines_check

PERIODIC_TASKS: list[tuple[Task[Any, Any], int]] = [
    (deadlines_check, 5 * 60),  # deadline reminders
]
