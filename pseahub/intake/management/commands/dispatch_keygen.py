"""``manage.py dispatch_keygen``: print a new dispatch key pair (``intake.dispatch``), stored nowhere.

Give ``DISPATCH_PUBLIC_KEY`` to the web processes and ``DISPATCH_PRIVATE_KEY`` to the task worker only
(environment or ``…_FILE``). A new pair makes messages still queued under the old one unreadable: change it
when the queue is empty (nothing "queued" on the case pages).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pseahub.intake.dispatch import dispatch_keypair_new


class Command(BaseCommand):
    help = "Print a new dispatch key pair: the public half for the web processes, the private half for the worker."

    def handle(self, *args: Any, **options: Any) -> None:
        public, private = dispatch_keypair_new()
        self.stdout.write(f"DISPATCH_PUBLIC_KEY={public}")
        self.stdout.write(f"DISPATCH_PRIVATE_KEY={private}")
