"""Periodic work of the partners app, enqueued by ``manage.py run_scheduler`` (``periodic.py``) and run by
``db_worker``."""

from __future__ import annotations

from django_tasks import task

from .assessment_reminders import overdue_action_reminders_send
from .assessments import renewal_reminders_send


@task()
def assessment_renewal_remind() -> dict[str, int]:
    """assessments: e-mail who follows partner assessments expiring within three months (each assessment once)."""
    return {"emails": renewal_reminders_send()}


@task()
def capacity_actions_remind() -> dict[str, int]:
    """assessments: e-mail the partner's and lead agency's focal points of overdue capacity actions (weekly at most)."""
    return {"emails": overdue_action_reminders_send()}
