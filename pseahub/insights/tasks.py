"""Background work of the insights app: making a report (queued when someone asks for one)."""

from __future__ import annotations

from django_tasks import task

from .reports import report_generate


@task()
def report_generate_task(*, report_id: int) -> dict[str, int]:
    """Count, suppress and lay out one queued report; counts only."""
    return report_generate(report_id=report_id)


@task()
def cube_month_rebuild_task(*, month: str) -> dict[str, int]:
    """Count one month of the summary table again (``month`` ISO date of its first day; "" every month)."""
    import datetime as dt

    from .cube import month_rebuild, rebuild_all

    if not month:
        return {"months": len(rebuild_all())}
    return {"cells": month_rebuild(dt.date.fromisoformat(month))}
