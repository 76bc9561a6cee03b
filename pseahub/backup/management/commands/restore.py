import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from pseahub.backup.services import BackupError, identities_parse, progress_for, restore_archive


class Command(BaseCommand):
    help = (
        "Rebuild an EMPTY installation (the database DATABASE_URL names, MEDIA_ROOT) from a backup archive, "
        "then check the audit log against the head in the archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the .age archive written by manage.py backup")
        parser.add_argument(
            "--identity",
            required=True,
            help="the file with the backup secret key (AGE-SECRET-KEY-1…), or - to read it from standard input; "
            "it is never stored",
        )
        parser.add_argument("--checksum", help="the SHA-256 backup printed (default: read from ARCHIVE.sha256)")
        parser.add_argument("--progress", action="store_true", help="show the progress bar even when not on a terminal")
        parser.add_argument("--tmpdir", help="where the archive is decrypted (private) before it is restored")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["identity"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read the identity file: {exc}") from exc
        # Nothing of the connection may stay open across the restore: the SQLite file is replaced.
        connections.close_all()
        try:
            result = restore_archive(
                Path(options["archive"]),
                identities_parse(text),
                target=connections["default"].settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
                checksum=options["checksum"],
                progress=progress_for(sys.stderr, options["progress"]),
                tmpdir=Path(options["tmpdir"]) if options["tmpdir"] else None,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            connections.close_all()
        seq, head = result.audit_head
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {result.engine} database and {result.files} files of the backup made "
                f"{result.created_at}; audit head in the archive {seq}:{head}."
            )
        )
        # The archive's head is an anchor: the restored chain must reach it unchanged (and its witnesses agree).
        call_command("verify_audit", "--expect", f"{seq}:{head}", stdout=self.stdout, stderr=self.stderr)
