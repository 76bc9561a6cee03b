"""Periodic tasks of the partners app, discovered by ``manage.py run_scheduler``: (task, every N seconds)."""

from __future__ import annotations

from typing import Any

from django_tasks.base import Task

from .tasks import assessment_renewal_remind, capacity_actions_remind
from .tasks_funding import donor_reports_remind

PERIODIC_TASKS: list[tuple[Task[Any, Any], int]] = [
    (donor_reports_remind, 6 * 60 * 60),  # donor reports due within two weeks, then overdue: once each
    (assessment_renewal_remind, 24 * 60 * 60),  # assessments: expiring partner assessments, reminded once each
    (capacity_actions_remind, 6 * 60 * 60),  # assessments: overdue capacity actions, at most weekly per assessment
]
