"""Background work of the insights app: making a report (queued when someone asks for one)."""

from __future__ import annotations

from django_tasks import task

from .reports import report_generate


@task()
def report_generate_task(*, report_id: int) -> dict[str, int]:
    """Count, suppress and lay out one queued report; counts only."""
    return report_generate(report_id=report_id)
