from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from pseahub.network.demo import DEMO_PASSWORD, DEMO_USERS, demo_totp_base32


class Command(BaseCommand):
    help = "Print the demo users, their password, and how to pass two-step verification with them."

    def handle(self, *args: Any, **options: Any) -> None:
        w = self.stdout.write
        w("")
        site = settings.SITE_URL.rstrip("/")  # in dev, the address `make run PORT=…` serves
        w(f"PSEA Hub demo: {site}/  (staff login: {site}/accounts/login/)")
        w(f"Password for every demo user: {DEMO_PASSWORD}")
        w("")
        w(f"{'role':<22} {'e-mail':<38} TOTP key (add to an authenticator app)")
        for demo in DEMO_USERS:
            role = f"{demo.role}{' ' + demo.organisation if demo.organisation else ''}"
            w(f"{role:<22} {demo.email:<38} {demo_totp_base32(demo.email)}")
        w("")
        w("Two-step code without a phone: .venv/bin/python manage.py demo_totp coordinator@demo.psea.test")
        w("")
