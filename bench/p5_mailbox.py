"""P5 (mailbox): messages per second taken in from the neutral mailbox, against a local Dovecot.

On a fresh database (SQLite by default, ``--backend postgres``), migrated, with the demo network (so every
complaint is sealed and wrapped for each coordinator), with the production settings (``config.settings.bench``:
production receipt cost, DEBUG off), this script:

1. starts a throw-away Dovecot on a free port (the tests' ``DovecotServer``: its own config, maildir, user;
   needs ``apt-get install -y dovecot-imapd`` and root, as the tests do);
2. for each scenario, APPENDs ``N`` messages to a new folder (not timed) and then times ``mailbox_poll`` in
   this process, from connecting to the server until every message is committed and marked processed:
   - **ack_reply off** (the default): no receipt is derived (nobody could receive it), no reply sent;
   - **ack_reply on**: each new complaint also costs one Argon2id receipt derivation with the production
     cost, and a reply over SMTP to a local aiosmtpd server in this process;
3. checks the outcome: complaints and ``InboundMessage`` rows, nothing left unmarked on the server, replies
   received by the SMTP server.

The poller commits a batch's complaints in one transaction (the channel's ``batch_messages``, default 20, or
``batch_seconds``, default 1 s, of work): ``--batch-messages 1`` gives the earlier one commit per message, for
comparison.

The message mix is realistic for a mailbox: 80 % plain text (~400 characters), 10 % HTML-only (reduced to
text), 10 % with a 200 KB JPEG photo (sealed as a file). Target: ≥ 50 messages/s with ack_reply off.

    .venv/bin/python bench/p5_mailbox.py [--backend sqlite|postgres] [--messages 300] [--ack-messages 100]
                                         [--batch-messages 20] [--batch-seconds 1.0]
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from typing import Any

from _common import ROOT, bench_env, fresh_database, prepare_database, setup_django, table

TARGET = 50.0
PASSWORD_ENV = "PSEAHUB_BENCH_IMAP_PASSWORD"  # noqa: S105 - the name of the variable, not a secret
STORY = (
    "un agent de distribution a demande des relations en echange de coupons pres du point d'eau le soir; "
    "a guard at the site said she would get a shelter kit faster if she came to his house at night; "
    "the driver of a white pick-up with the logo of the organisation came back three times last week; "
    "my neighbour saw it too and can tell what happened if someone asks her"
)


def messages(count: int, tag: str) -> list[bytes]:
    sys.path.insert(0, str(ROOT))
    from pseahub.intake.tests.imap_server import JPEG, mail

    photo = JPEG + b"\x22" * (200 * 1024 - len(JPEG))
    result = []
    for i in range(count):
        message_id = f"<p5-{tag}-{i}@bench.example>"
        sender = f"reporter{i}@bench.example"
        if i % 10 == 8:
            result.append(mail("", html=f"<p>{STORY}</p><p>{i}</p>", sender=sender, message_id=message_id))
        elif i % 10 == 9:
            attachments = [("photo.jpg", "image/jpeg", photo)]
            result.append(mail(f"{STORY} {i}", attachments=attachments, sender=sender, message_id=message_id))
        else:
            result.append(mail(f"{STORY} {i}", sender=sender, message_id=message_id))
    return result


class SmtpSink:
    """A local SMTP server that counts what it receives (the acknowledgement replies)."""

    def __init__(self, port: int) -> None:
        from aiosmtpd.controller import Controller

        self.received = 0
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=port, server_hostname="localhost")

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        with self._lock:
            self.received += 1
        return "250 OK"


def scenario(dovecot: Any, *, slug: str, count: int, ack: bool, smtp: SmtpSink, batch: dict[str, Any]) -> list[object]:
    from pseahub.cases.models import Complaint
    from pseahub.intake.adapters.mailbox import mailbox_poll
    from pseahub.intake.models import InboundMessage, IntakeChannel

    folder = dovecot.new_folder()
    channel = IntakeChannel.objects.create(
        name=f"bench {slug}",
        slug=slug,
        type="email",
        provider="imap",
        languages=["fr"],
        config={
            "host": "127.0.0.1",
            "port": dovecot.port,
            "username": dovecot.username,
            "folder": folder,
            "tls": False,
            "ack_reply": ack,
            **batch,
        },
        secret_env=PASSWORD_ENV,
    )
    started = time.perf_counter()
    dovecot.append(folder, *messages(count, slug))
    appended = time.perf_counter() - started
    complaints_before, replies_before = Complaint.objects.count(), smtp.received

    load_before = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), time.process_time()
    result = mailbox_poll(channel=channel)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    load_after = os.getloadavg()[0]

    created = Complaint.objects.count() - complaints_before
    inbound = InboundMessage.objects.filter(channel=channel).count()
    unmarked = dovecot.uids(folder, "UNKEYWORD", "$PseaIngested")
    replies = smtp.received - replies_before
    ok = result.created == created == inbound == count and not unmarked and result.failed == 0
    ok = ok and (replies == count if ack else replies == 0)
    rate = count / elapsed
    print(
        f"  {slug}: appended {count} in {appended:.1f} s; poll {elapsed:.2f} s = {rate:.1f} msgs/s "
        f"({cpu:.2f} CPU-s in this process; load average {load_before:.1f} -> {load_after:.1f}); "
        f"complaints {created}, inbound {inbound}, unmarked {len(unmarked)}, quarantined {result.quarantined}, "
        f"replies {replies}: {'ok' if ok else 'MISMATCH'}"
    )
    return [
        "on (receipt derived + SMTP reply)" if ack else "off (no receipt derived)",
        count,
        f"{elapsed:.2f}",
        f"{rate:.1f}",
        f"{1000 * elapsed / count:.1f}",
        f"{1000 * cpu / count:.1f}",
        "yes" if ok else "NO",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--messages", type=int, default=300, help="messages with ack_reply off (default 300)")
    parser.add_argument("--ack-messages", type=int, default=100, help="messages with ack_reply on (0: skip)")
    parser.add_argument("--batch-messages", type=int, default=None, help="channel batch_messages (default: 20)")
    parser.add_argument("--batch-seconds", type=float, default=None, help="channel batch_seconds (default: 1.0)")
    args = parser.parse_args()
    batch: dict[str, Any] = {}
    if args.batch_messages is not None:
        batch["batch_messages"] = args.batch_messages
    if args.batch_seconds is not None:
        batch["batch_seconds"] = args.batch_seconds

    sys.path.insert(0, str(ROOT))
    from pseahub.intake.tests.imap_server import DovecotServer, DovecotUnavailableError, free_port

    try:
        dovecot = DovecotServer.start()
    except DovecotUnavailableError as exc:
        print(f"P5 mailbox: cannot run: {exc}")
        return 2
    smtp_port = free_port()
    try:
        database_url = fresh_database(args.backend, "p5_mailbox")
        print(f"P5 mailbox on {args.backend}: preparing the database (migrate, demo network) ...")
        prepare_database(bench_env(database_url))
        os.environ.update(
            {
                PASSWORD_ENV: dovecot.password,
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_port),
                "EMAIL_USE_TLS": "false",
            }
        )
        setup_django(database_url)
        from django.conf import settings

        from pseahub.accounts.models import Role, User
        from pseahub.vault.models import ReceiptKdf

        smtp = SmtpSink(smtp_port)
        smtp.controller.start()
        coordinators = User.objects.filter(role_assignments__role=Role.COORDINATOR, is_active=True).distinct()
        print(
            f"  {coordinators.count()} coordinator(s) get a grant on every complaint; "
            f"attachment limit {settings.INTAKE_MAX_ATTACHMENT_BYTES // 2**20} MB; Dovecot on port {dovecot.port}"
        )
        rows = [scenario(dovecot, slug="p5-noack", count=args.messages, ack=False, smtp=smtp, batch=batch)]
        if args.ack_messages:
            rows.append(scenario(dovecot, slug="p5-ack", count=args.ack_messages, ack=True, smtp=smtp, batch=batch))
        kdf = ReceiptKdf.objects.filter(id=1).first()
        smtp.controller.stop()
    finally:
        dovecot.stop()

    print()
    from pseahub.intake.adapters.mailbox import BATCH_MESSAGES, BATCH_SECONDS

    batches = (
        f"batches of {batch.get('batch_messages', BATCH_MESSAGES)} messages or "
        f"{batch.get('batch_seconds', BATCH_SECONDS)} s per transaction"
    )
    print(f"P5 mailbox ingestion, {args.backend}, local Dovecot, mix: 80% text, 10% HTML-only, 10% 200 KB photo")
    print(batches)
    print(f"machine: {os.cpu_count()} cores, load average now {os.getloadavg()[0]:.1f} (other work skews every figure)")
    print(table(["ack_reply", "messages", "seconds", "msgs/s", "ms/msg", "CPU ms/msg", "all taken in once"], rows))
    if kdf is not None:
        print(f"receipt KDF in force: Argon2id opslimit={kdf.opslimit} memlimit={kdf.memlimit // 2**20} MiB")
    rate = float(str(rows[0][3]))
    verdict = "met" if rate >= TARGET else "NOT met"
    print(f"target ≥ {TARGET:.0f} msgs/s with ack_reply off: {verdict} ({rate:.1f} msgs/s)")
    return 0 if rate >= TARGET and all(row[-1] == "yes" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
