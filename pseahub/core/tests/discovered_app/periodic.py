from __future__ import annotations

from typing import Any

from django_tasks import task
from django_tasks.base import Task

RUNS: list[str] = []


@task()
def tick() -> None:
    RUNS.append("tick")


PERIODIC_TASKS: list[tuple[Task[Any, Any], int]] = [(tick, 3600)]
