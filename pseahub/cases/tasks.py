"""Periodic work of the case record, enqueued by ``manage.py run_scheduler``."""

from __future__ import annotations

from django_tasks import task

from .services import complaint_purge, complaints_due_for_purge


@task()
def retention_purge() -> int:
    """Purge the sealed content of every closed complaint past its retention date."""
    purged = 0
    for complaint in complaints_due_for_purge():
        complaint_purge(complaint=complaint)
        purged += 1
    return purged
