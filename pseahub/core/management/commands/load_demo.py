from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pseahub.cases.demo import demo_complaints_load
from pseahub.core.demo import demo_load
from pseahub.intake.demo import demo_channels_load
from pseahub.mapping.demo import demo_services_load
from pseahub.referrals.demo import demo_referrals_load


class Command(BaseCommand):
    help = "Load the demo Mali network (idempotent). Refused unless PSEAHUB_DEMO is on (dev settings)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="load even where PSEAHUB_DEMO is off")
        parser.add_argument("--complaints", type=int, default=300, help="how many demo complaints (default 300)")

    def handle(self, *args: Any, force: bool = False, complaints: int = 300, **options: Any) -> None:
        if not (settings.PSEAHUB_DEMO or force):
            raise CommandError("The demo network is for development only (set PSEAHUB_DEMO=true to load it).")
        counts = demo_load()
        counts["services"] = demo_services_load()
        counts["channels"] = demo_channels_load()
        counts["complaints"] = demo_complaints_load(count=complaints)
        counts["referrals"] = demo_referrals_load()
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo network ready ({summary} added)."))
