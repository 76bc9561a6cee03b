import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pseahub.backup.services import BackupError, backup_create, backup_recorded, progress_for, recipients_parse


class Command(BaseCommand):
    help = (
        "Write one encrypted backup (database, MEDIA_ROOT, audit head) to the age public key in BACKUP_RECIPIENT, "
        "with its SHA-256 in ARCHIVE.sha256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "output",
            nargs="?",
            help="the archive to write (default: pseahub-backup-YYYYMMDDTHHMMSSZ.age in the current directory)",
        )
        parser.add_argument(
            "--recipient",
            action="append",
            default=[],
            help="an age public key (age1…) to encrypt to instead of BACKUP_RECIPIENT (repeatable)",
        )
        parser.add_argument("--progress", action="store_true", help="show the progress bar even when not on a terminal")
        parser.add_argument("--tmpdir", help="where the dump waits (unencrypted, private) before it is encrypted")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        output = Path(options["output"] or f"pseahub-backup-{stamp}.age")
        try:
            recipients = recipients_parse("\n".join(options["recipient"]) or settings.BACKUP_RECIPIENT)
            result = backup_create(
                output,
                recipients,
                media_root=Path(settings.MEDIA_ROOT),
                progress=progress_for(sys.stderr, options["progress"]),
                tmpdir=Path(options["tmpdir"]) if options["tmpdir"] else None,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        backup_recorded(result)
        seq, head = result.audit_head
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {result.path} ({result.size} bytes, {result.engine} database, "
                f"{result.files} files, audit head {seq}:{head})."
            )
        )
        self.stdout.write(f"SHA-256: {result.sha256} (also in {result.checksum_path})")
