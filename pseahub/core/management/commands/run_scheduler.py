"""A small clock: the Tasks framework has no periodic scheduler, so this loop enqueues periodic tasks on
time and the worker (``manage.py db_worker``) runs them. Each task is idempotent, so an extra run (two
schedulers, a restart) does no harm. The tasks are each app's ``PERIODIC_TASKS`` (``periodic.py``), found by
``pseahub.core.discovery``."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pseahub.core.discovery import periodic_tasks


class Command(BaseCommand):
    help = "Enqueue every app's periodic tasks (each app's periodic.py) on time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="enqueue every periodic task once and exit")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        stopping = False

        def stop(*_args: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        schedule = periodic_tasks()
        next_run = {index: 0.0 for index in range(len(schedule))}
        while not stopping:
            now = time.monotonic()
            for index, (periodic_task, every) in enumerate(schedule):
                if now >= next_run[index]:
                    periodic_task.enqueue()
                    next_run[index] = now + every
            if once:
                return
            time.sleep(5)
