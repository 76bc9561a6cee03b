from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pseahub.core.counters import counters_clear


class Command(BaseCommand):
    help = (
        "Development only: forget every rate-limit counter (public reports and receipt tries per hour, per "
        "connection) and every sign-in lockout. Refused unless DEBUG is on."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Lifting the limits on a live installation would let a flood of reports or receipt guesses through.
        if not settings.DEBUG:
            raise CommandError("reset_limits is for development only (DEBUG is off).")
        counters_clear()
        lockouts = axes_reset()
        self.stdout.write(self.style.SUCCESS(f"Rate limits reset; {lockouts} sign-in lockout record(s) removed."))
