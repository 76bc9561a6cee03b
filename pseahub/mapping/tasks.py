"""Periodic work of the mapping, enqueued by ``manage.py run_scheduler`` (``periodic.py``) and run by ``db_worker``."""

from __future__ import annotations

from django_tasks import task

from .service_access import verification_reminders_send


@task()
def service_verification_remind() -> dict[str, int]:
    """E-mail the keepers of services that became due for verification (once per overdue period)."""
    return {"emails": verification_reminders_send()}
