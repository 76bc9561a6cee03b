"""Periodic work of referrals, enqueued by ``manage.py run_scheduler`` and run by ``db_worker``."""

from __future__ import annotations

from django_tasks import task

from .reminders import deadlines_process


@task()
def deadlines_check() -> dict[str, int]:
    collected, sent = deadlines_process()
    return {"collected": collected, "sent": sent}
