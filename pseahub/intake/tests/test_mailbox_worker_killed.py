"""The worker is killed (SIGKILL) in the middle of a batch; polling again, every message ends up as exactly
one complaint.

Two real processes share a file-based SQLite database (``manage.py mailbox_poll`` with ``DATABASE_URL``
pointing to it) and the test Dovecot. The first poll sleeps after each message it takes in
(``--pause-after-commit``, a hidden test option; with batched transactions the sleep counts towards the
batch's time limit, so a transaction commits every few messages) and is killed as soon as
``BATCH_MESSAGES + 2`` complaints are committed: the first IMAP batch is marked on the server, part of the
next one is committed but unmarked and part is inside a transaction that dies with the worker. The second
poll runs to completion.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from pseahub.intake.adapters.mail_parse import external_id_for
from pseahub.intake.adapters.mailbox import BATCH_MESSAGES

from .imap_server import mail
from .mailbox_worker import ROOT, count, manage, worker_database_prepare, worker_env

PAUSE = "0.3"  # seconds after each message taken in; the test notices the 10th commit well within it
BATCH = 40
KILL_AT = BATCH_MESSAGES + 2  # the first IMAP batch marked, the second one committed in part, unmarked


def test_it_takes_every_message_exactly_once_across_a_killed_worker(dovecot, tmp_path):
    database = tmp_path / "shared.sqlite3"
    folder = dovecot.new_folder()
    env = worker_env(dovecot, folder, database)
    worker_database_prepare(env)
    messages = [mail(f"Report number {i} from the camp.", message_id=f"<killed-{i}@example.net>") for i in range(BATCH)]
    dovecot.append(folder, *messages)
    expected = {external_id_for(f"<killed-{i}@example.net>", b"") for i in range(BATCH)}

    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "mailbox_poll", "--channel", "killed", "--pause-after-commit", PAUSE],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while count(database, "intake_inboundmessage") < KILL_AT:
            assert worker.poll() is None, "the worker ended before it could be killed"
            assert time.monotonic() < deadline, "the worker took in nothing in time"
            time.sleep(0.02)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL

    committed = count(database, "intake_inboundmessage")
    marked = len(dovecot.uids(folder, "KEYWORD", "$PseaIngested"))
    # Killed mid-batch, inside the window between commits and the mark on the server.
    assert KILL_AT <= committed < BATCH
    assert marked == BATCH_MESSAGES < committed

    finished = manage(env, "mailbox_poll", "--channel", "killed")
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert f"duplicates={committed - marked}" in finished.stdout
    assert f"created={BATCH - committed}" in finished.stdout

    with sqlite3.connect(database) as connection:
        complaints = connection.execute("SELECT count(*) FROM cases_complaint").fetchone()[0]
        external_ids = [row[0] for row in connection.execute("SELECT external_id FROM intake_inboundmessage")]
        linked = connection.execute("SELECT count(DISTINCT complaint_id) FROM intake_inboundmessage").fetchone()[0]
    assert complaints == BATCH
    assert len(external_ids) == len(set(external_ids)) == BATCH
    assert set(external_ids) == expected
    assert linked == BATCH
    assert dovecot.uids(folder, "UNKEYWORD", "$PseaIngested") == []
    assert len(dovecot.uids(folder, "KEYWORD", "$PseaIngested")) == BATCH

    again = manage(env, "mailbox_poll", "--channel", "killed")
    assert "fetched=0 created=0" in again.stdout
