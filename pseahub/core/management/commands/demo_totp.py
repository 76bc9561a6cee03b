import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP

from pseahub.core.demo import DEMO_DOMAIN, demo_totp_key


class Command(BaseCommand):
    help = "Print the current two-step code of a demo user (demo installations only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not settings.PSEAHUB_DEMO:
            raise CommandError("Only available on a demo installation (PSEAHUB_DEMO).")
        if not email.endswith(f"@{DEMO_DOMAIN}"):
            raise CommandError(f"Only demo users (…@{DEMO_DOMAIN}) have a published two-step key.")
        totp = TOTP(demo_totp_key(email), step=30)
        seconds_left = totp.step - int(time.time() - totp.t0) % totp.step
        self.stdout.write(f"{totp.token():06d}  (valid for {seconds_left} more seconds)")
