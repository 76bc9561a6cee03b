from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pseahub.network.services import AreaImportError, areas_import


class Command(BaseCommand):
    help = "Import administrative areas from a CSV file (pcode,name,name_fr_or_ar,parent_pcode,admin_level)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            result = areas_import(actor=None, content=path.read_bytes())
        except AreaImportError as exc:
            raise CommandError(f"{path}: {exc.message} Nothing was imported.") from exc
        self.stdout.write(self.style.SUCCESS(f"{result.created} areas created, {result.updated} updated."))
