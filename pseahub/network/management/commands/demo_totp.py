import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.network.demo import DEMO_DOMAIN, demo_totp_key

#: A code with fewer seconds left than this is not printed: the next one is waited for.
FRESH_SECONDS = 5


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
        wait = seconds_until_fresh_code(device, time.time())
        if wait > 0:
            self.stderr.write(f"Waiting {wait:.0f} s for a fresh code…")
            time.sleep(wait)
        totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        seconds_left = totp.step - int(time.time() - totp.t0) % totp.step
        self.stdout.write(f"{totp.token():0{device.digits}d}  (valid for {seconds_left} more seconds)")


def seconds_until_fresh_code(device: TOTPDevice, now: float) -> float:
    """How long to wait for a code worth printing: one the sign-in page will accept, with time left to type it.

    A code of a time step the device already accepted (``last_t``) is refused as already used, and one with
    fewer than FRESH_SECONDS left may expire while it is typed: either way wait for the start of a later step.
    """
    step_now = (int(now) - device.t0) // device.step + device.drift
    wanted = step_now
    if step_now <= device.last_t:
        wanted = device.last_t + 1
    start = device.t0 + (wanted - device.drift) * device.step
    if wanted == step_now and start + device.step - now < FRESH_SECONDS:
        start += device.step
    return max(0.0, start - now)
