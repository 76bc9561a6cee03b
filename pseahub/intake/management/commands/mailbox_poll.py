"""``manage.py mailbox_poll [--channel SLUG] [--limit N]``: take in the new messages of IMAP channels now.

The periodic task (``intake.tasks.mailbox_poll_all``, every minute under ``make run``) does the same for every
enabled channel; this command is for a first check of a new mailbox, and for the tests and the bench.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pseahub.intake.adapters.mailbox import MailboxError, mailbox_poll
from pseahub.intake.models import IntakeChannel, Provider
from pseahub.intake.pipeline import InboundResult


class Command(BaseCommand):
    help = "Poll IMAP intake channels now (all enabled ones, or --channel SLUG); prints counts only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--channel", help="slug of the channel (default: every enabled IMAP channel)")
        parser.add_argument("--limit", type=int, default=None, help="take in at most N messages per channel")
        # For the crash test: sleep after each message taken in (inside its batch's transaction, so the sleep
        # also counts towards the batch's time limit), before anything is marked on the server.
        parser.add_argument("--pause-after-commit", type=float, default=0.0, help=argparse.SUPPRESS)

    def handle(
        self, *args: Any, channel: str | None, limit: int | None, pause_after_commit: float, **opts: Any
    ) -> None:
        channels = IntakeChannel.objects.filter(provider=Provider.IMAP)
        if channel:
            channels = channels.filter(slug=channel)
            if not channels.exists():
                raise CommandError(f"no IMAP channel {channel!r}")
        else:
            channels = channels.filter(is_enabled=True)

        def pause(_outcome: InboundResult) -> None:
            time.sleep(pause_after_commit)

        failed = False
        for item in channels:
            try:
                result = mailbox_poll(channel=item, limit=limit, after_receive=pause if pause_after_commit else None)
            except MailboxError as exc:
                self.stderr.write(f"{item.slug}: {exc}")
                failed = True
                continue
            counts = " ".join(f"{name}={value}" for name, value in result.summary().items())
            self.stdout.write(f"{item.slug}: {counts}")
        if failed:
            raise CommandError("some mailboxes could not be polled")
