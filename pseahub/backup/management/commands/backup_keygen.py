import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pseahub.backup.services import keypair_generate


class Command(BaseCommand):
    help = (
        "Make a backup key pair (age x25519): the secret key goes to FILE (or - for standard output), to keep "
        "offline; the public key is printed, for BACKUP_RECIPIENT."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("identity_file", help="where to write the secret key (refused if it exists); - for stdout")

    def handle(self, *args: Any, identity_file: str, **options: Any) -> None:
        secret, public = keypair_generate()
        if identity_file == "-":
            sys.stdout.write(secret)
            sys.stdout.flush()
            self.stderr.write(f"Public key (BACKUP_RECIPIENT): {public}")
            return
        path = Path(identity_file)
        try:
            # O_EXCL: never overwrite a key that may still be the only way into older backups.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise CommandError(f"{path} exists: choose another file (an old key may still open old backups).") from exc
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secret)
        self.stdout.write(f"Secret key written to {path}: move it offline (it opens every backup made to this key).")
        self.stdout.write(f"Public key (BACKUP_RECIPIENT): {public}")
