from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pseahub.core.discovery import DemoOptions, demo_loaders


class Command(BaseCommand):
    help = "Load the demo Mali network (idempotent). Refused unless PSEAHUB_DEMO is on (dev settings)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="load even where PSEAHUB_DEMO is off")
        parser.add_argument(
            "--complaints",
            type=int,
            default=DemoOptions.complaints,
            help=f"how many demo complaints (default {DemoOptions.complaints})",
        )

    def handle(self, *args: Any, force: bool = False, complaints: int = DemoOptions.complaints, **options: Any) -> None:
        if not (settings.PSEAHUB_DEMO or force):
            raise CommandError("The demo network is for development only (set PSEAHUB_DEMO=true to load it).")
        # Each app's demo.py, in its DEMO_ORDER (pseahub.core.discovery).
        counts: dict[str, int] = {}
        demo_options = DemoOptions(complaints=complaints)
        for _label, load in demo_loaders():
            counts.update(load(demo_options))
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo network ready ({summary} added)."))
