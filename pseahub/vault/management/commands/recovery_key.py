import base64
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.vault.services import recovery_key_create


class Command(BaseCommand):
    help = (
        "Create the network's offline recovery key. The private half is printed ONCE and stored nowhere: print it "
        "on paper, seal it in an envelope, keep it in a safe. Complaints received from now on are also wrapped for "
        "it; anyone holding it can open them, which is the trade-off that makes disaster recovery possible."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, yes: bool = False, **options: Any) -> None:
        if not yes:
            answer = input("Create a new recovery key (replaces the current one for new complaints)? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                self.stdout.write("Nothing done.")
                return
        private = recovery_key_create()
        record(actor=None, action=Action.RECOVERY_KEY_CREATED)
        self.stdout.write("Recovery private key (shown once, keep it offline):")
        self.stdout.write(base64.b32encode(private).decode("ascii"))
