"""Periodic work of the partners app, enqueued by ``manage.py run_scheduler`` (``periodic.py``) and run by
``db_worker``."""

from __future__ import annotations

from django_tasks import task

from .assessments import renewal_reminders_send


@task()
def assessment_renewal_remind() -> dict[str, int]:
    """assessments: e-mail who follows partner assessments expiring within three months (each assessment once)."""
    return {"emails": renewal_reminders_send()}
