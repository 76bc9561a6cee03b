"""Periodic tasks of the network's coordination, discovered by ``manage.py run_scheduler``: (task, every N
seconds)."""

from __future__ import annotations

from typing import Any

from django_tasks.base import Task

from .tasks import meeting_actions_remind, plan_activities_remind

PERIODIC_TASKS: list[tuple[Task[Any, Any], int]] = [
    (meeting_actions_remind, 6 * 60 * 60),  # overdue meeting actions: a reminder at most once a week per action
    (plan_activities_remind, 6 * 60 * 60),  # overdue activities of the plan in force: at most weekly per organisation
]
