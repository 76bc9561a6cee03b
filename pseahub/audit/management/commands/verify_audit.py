from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pseahub.audit.models import AuditEvent
from pseahub.audit.services import (
    Anchor,
    anchor_parse,
    anchors_check,
    anchors_read,
    chain_head,
    chain_verify,
    witnesses_check,
)


def _anchor(text: str) -> Anchor:
    try:
        return anchor_parse(text)
    except ValueError as exc:
        raise CommandError(f"--expect: {exc}.") from None


class Command(BaseCommand):
    help = (
        "Check the audit log's MAC chain and report the first altered, deleted or inserted entry; print the "
        "chain's head (SEQ:HASH) and check it against anchors kept outside the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="an anchor kept elsewhere (e-mail, backup): entry SEQ must still be in the chain with this hash",
        )
        parser.add_argument(
            "--anchors", type=Path, metavar="FILE", help="check every anchor in this file (AUDIT_ANCHOR_FILE)"
        )

    def handle(self, *args: Any, expect: list[str], anchors: Path | None = None, **options: Any) -> None:
        expected = [_anchor(text) for text in expect]
        if anchors is not None:
            try:
                from_file = anchors_read(anchors)
            except (OSError, ValueError) as exc:
                raise CommandError(f"--anchors: {exc}.") from None
            if not from_file:
                raise CommandError(f"--anchors: {anchors} holds no anchor.")
            expected += from_file
        seq, last_hash = chain_head()
        self.stdout.write(f"Chain head: {seq}:{last_hash}")
        problems = [str(problem) for problem in [chain_verify()] if problem is not None]
        problems += witnesses_check()
        problems += [str(problem) for problem in anchors_check(expected)]
        if problems:
            raise CommandError("Audit log is NOT intact: " + "; ".join(problems) + ".")
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {count} entries, chain verified."))
        if expected:
            self.stdout.write(self.style.SUCCESS(f"{len(expected)} anchor(s) checked: the chain still reaches each."))
