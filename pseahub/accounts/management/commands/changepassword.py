"""``manage.py changepassword EMAIL``: set a user's password from the server, as a password reset.

Replaces Django's command of the same name, which would set the password but leave the user's private key
wrapped under the old one (so they could sign in but not open anything). Here the old password is not known,
so, as with any reset, the user gets a new key pair and a coordinator re-grants their cases at /cases/keys/.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pseahub.accounts.models import User
from pseahub.accounts.services import user_password_reset
from pseahub.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Set a user's password (as a reset: the user gets a new key pair; cases must be re-granted)."
    requires_migrations_checks = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the user's e-mail address")

    def _ask(self, prompt: str) -> str:
        return getpass.getpass(prompt)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError("No user with this e-mail address.")
        for _attempt in range(3):
            password = self._ask("New password: ")
            if password != self._ask("New password (again): "):
                self.stderr.write("The passwords do not match.")
                continue
            try:
                user_password_reset(actor=None, user=user, new_password=password)
            except ApplicationError as exc:
                self.stderr.write(exc.message)
                continue
            self.stdout.write(
                "Password changed. The user has a new key pair: "
                "a coordinator must re-grant their cases at /cases/keys/."
            )
            return
        raise CommandError("Too many attempts; the password was not changed.")
