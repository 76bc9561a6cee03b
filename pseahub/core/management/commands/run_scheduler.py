"""A small clock: the Tasks framework has no periodic scheduler, so this loop enqueues periodic tasks on
time and the worker (``manage.py db_worker``) runs them. Each task is idempotent, so an extra run (two
schedulers, a restart) does no harm."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pseahub.cases.tasks import retention_purge
from pseahub.intake.tasks import dispatch_sweep, mailbox_poll_all
from pseahub.referrals.tasks import deadlines_check

SCHEDULE: list[tuple[Any, int]] = [
    # (task, every N seconds)
    (deadlines_check, 5 * 60),
    (retention_purge, 6 * 60 * 60),
    (mailbox_poll_all, 60),
    (dispatch_sweep, 10 * 60),
]


class Command(BaseCommand):
    help = "Enqueue periodic tasks (deadline reminders every 5 minutes, retention purge every 6 hours)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="enqueue every periodic task once and exit")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        stopping = False

        def stop(*_args: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        next_run = {index: 0.0 for index in range(len(SCHEDULE))}
        while not stopping:
            now = time.monotonic()
            for index, (periodic_task, every) in enumerate(SCHEDULE):
                if now >= next_run[index]:
                    periodic_task.enqueue()
                    next_run[index] = now + every
            if once:
                return
            time.sleep(5)
