"""Background work of the tracker import: the dry run and the import (enqueued when the coordinator asks),
and the expiry of uploads (periodic)."""

from __future__ import annotations

from django_tasks import task

from .execute import import_execute
from .services import imports_expire


@task()
def import_execute_task(*, run_id: int, dry_run: bool) -> dict[str, int]:
    """Check (``dry_run``) or import one uploaded tracker; counts only."""
    return import_execute(run_id=run_id, dry_run=dry_run)


@task()
def imports_expire_task() -> int:
    """Destroy the sealed uploads and reports older than seven days."""
    return imports_expire()
