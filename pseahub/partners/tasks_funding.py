"""Periodic work of the partners app, enqueued by ``manage.py run_scheduler`` (``periodic.py``) and run by
``db_worker``."""

from __future__ import annotations

from django_tasks import task

from .funding import donor_report_reminders_send


@task()
def donor_reports_remind() -> dict[str, int]:
    """E-mail the coordinators when donor reports come due or become overdue (each report once for each)."""
    return {"emails": donor_report_reminders_send()}
