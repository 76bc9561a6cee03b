"""Periodic work of the network's coordination, enqueued by ``manage.py run_scheduler`` (``periodic.py``) and run
by ``db_worker``."""

from __future__ import annotations

from django_tasks import task

from .meetings import overdue_reminders_send
from .plan_reminders import overdue_activity_reminders_send


@task()
def meeting_actions_remind() -> dict[str, int]:
    """E-mail the focal points of organisations with overdue meeting actions (at most once a week each)."""
    return {"emails": overdue_reminders_send()}


@task()
def plan_activities_remind() -> dict[str, int]:
    """E-mail the focal points of organisations leading overdue activities of the plan in force (weekly at most)."""
    return {"emails": overdue_activity_reminders_send()}
