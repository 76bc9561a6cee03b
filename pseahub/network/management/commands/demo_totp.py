import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.network.demo import DEMO_DOMAIN, demo_totp_key


class Command(BaseCommand):
    help = "Print the current two-step code of a demo user (demo installations only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not settings.PSEAHUB_DEMO:
            raise CommandError("Only available on a demo installation (PSEAHUB_DEMO).")
        email = email.strip().lower()
        if not email.endswith(f"@{DEMO_DOMAIN}"):
            raise CommandError(f"Only demo users (…@{DEMO_DOMAIN}) have a published two-step key.")
        # Only the authenticator load_demo gave the user, with the published key: never a device the user
        # enrolled themselves.
        device = TOTPDevice.objects.filter(user__email=email, key=demo_totp_key(email).hex(), confirmed=True).first()
        if device is None:
            raise CommandError(f"{email} has no demo authenticator (run load_demo, or the user enrolled their own).")
        totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        seconds_left = totp.step - int(time.time() - totp.t0) % totp.step
        self.stdout.write(f"{totp.token():0{device.digits}d}  (valid for {seconds_left} more seconds)")
