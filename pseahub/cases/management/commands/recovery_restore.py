"""The disaster procedure: restore a coordinator's access to complaints with the offline recovery key."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pseahub.accounts.models import User
from pseahub.cases.services import complaints_restore_with_recovery
from pseahub.core.exceptions import ApplicationError
from pseahub.vault.crypto import VaultError
from pseahub.vault.keyfile import recovery_private_read


class Command(BaseCommand):
    help = (
        "Give a coordinator access, with the network's offline recovery key, to every complaint (or the references "
        "named) and their referrals: e.g. when the only coordinator forgot the password. First reset the password "
        "(manage.py changepassword EMAIL: a new key pair), then run this. The private key is read from --key-file "
        "PATH or standard input and is never stored or printed. Each complaint granted is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the coordinator's e-mail address")
        parser.add_argument("references", nargs="*", help="complaint references (default: every complaint)")
        parser.add_argument("--key-file", help="file holding the recovery private key ('-': standard input)")

    def handle(self, *args: Any, email: str, references: list[str], key_file: str | None, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError("No user has this e-mail address. Nothing done.")
        recovery_private = recovery_private_read(key_file=key_file, stdin=sys.stdin)
        try:
            result = complaints_restore_with_recovery(
                user=user, recovery_private=recovery_private, references=references or None
            )
        except ApplicationError as exc:
            raise CommandError(f"{exc.message} Nothing done.") from exc
        except VaultError as exc:
            raise CommandError("This is not a recovery key of this installation. Nothing done.") from exc
        self.stdout.write(
            f"{user.email} can now open {result.complaints} more complaint(s) and {result.referrals} referral(s)."
        )
        if result.without_recovery_grant:
            self.stdout.write(
                "Received before the recovery key existed, so not restorable with it: "
                + ", ".join(result.without_recovery_grant)
            )
