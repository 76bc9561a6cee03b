from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pseahub.audit.models import AuditEvent
from pseahub.audit.services import chain_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain; report the first altered, deleted or inserted entry."

    def handle(self, *args: Any, **options: Any) -> None:
        problem = chain_verify()
        if problem is not None:
            raise CommandError(f"Audit log is NOT intact: {problem}.")
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {count} entries, chain verified."))
