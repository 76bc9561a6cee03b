"""Rotate the network's offline recovery key: a new key pair (private half printed once), every keyring's
recovery grant re-wrapped for it with the old private key, the old key retired. Resumable."""

import base64
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.refdata import READERS_TTL
from pseahub.vault.crypto import VaultError
from pseahub.vault.keyfile import recovery_private_read
from pseahub.vault.services import (
    recovery_grants_for,
    recovery_grants_rewrap,
    recovery_key_matching,
    recovery_key_rotate_begin,
)


class Command(BaseCommand):
    help = (
        "Replace the network's recovery key. Give the CURRENT recovery private key with --key-file PATH or on "
        "standard input. The new private half is printed ONCE: keep it offline as you kept the old one. Every "
        "complaint's and referral's recovery grant is then re-wrapped for the new key. If the command is "
        "interrupted, run it again with the same OLD key: it continues where it stopped (it never needs the new "
        "one). Destroy the old key only once it reports that nothing is left."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--key-file", help="file holding the current recovery private key ('-': standard input)")
        parser.add_argument("--batch-size", type=int, default=200, help="grants re-wrapped per transaction")
        parser.add_argument("--limit", type=int, default=None, help="stop after re-wrapping this many grants")
        parser.add_argument(
            "--settle",
            type=float,
            default=READERS_TTL + 1,
            help="after starting a rotation, seconds to wait before the last pass (other web workers may still "
            "wrap new complaints for the old key that long)",
        )

    def handle(
        self, *args: Any, key_file: str | None, batch_size: int, limit: int | None, settle: float, **options: Any
    ) -> None:
        old_private = recovery_private_read(key_file=key_file, stdin=sys.stdin, prompt="Current recovery private key: ")
        try:
            old = recovery_key_matching(old_private)
        except VaultError as exc:
            raise CommandError("This is not a recovery key of this installation. Nothing done.") from exc

        def show(new_private: bytes) -> None:
            self.stdout.write("New recovery private key (shown once, keep it offline):")
            self.stdout.write(base64.b32encode(new_private).decode("ascii"))
            self.stdout.flush()

        began = time.monotonic()
        if recovery_key_rotate_begin(old_private=old_private, show=show) is not None:
            self.stdout.write("The new recovery key is stored and active; the old one is retired.")
            record(actor=None, action=Action.RECOVERY_KEY_CREATED, data={"rotation": True})
        else:
            self.stdout.write("A rotation away from this key has begun already: continuing it.")
            settle = 0
        try:
            rewrapped = recovery_grants_rewrap(old_private=old_private, batch_size=batch_size, limit=limit)
            wait = settle - (time.monotonic() - began)
            if wait > 0 and (limit is None or rewrapped < limit):
                # Complaints received meanwhile by workers that had not yet seen the new key: one more pass.
                time.sleep(wait)
                more = None if limit is None else limit - rewrapped
                rewrapped += recovery_grants_rewrap(old_private=old_private, batch_size=batch_size, limit=more)
        except VaultError as exc:
            raise CommandError(f"Cannot re-wrap: {exc}.") from exc
        remaining = recovery_grants_for(bytes(old.public_key)).count()
        record(actor=None, action=Action.RECOVERY_KEY_ROTATED, data={"rewrapped": rewrapped, "remaining": remaining})
        self.stdout.write(f"Re-wrapped {rewrapped} recovery grant(s); {remaining} still made for the old key.")
        if remaining:
            self.stdout.write("Run the command again with the OLD key to continue.")
        else:
            self.stdout.write("Done: the old recovery key opens nothing here any more. Destroy it.")
