"""Batches: the complaints of a batch commit in one transaction, each message in its own savepoint.

A bad message in the middle of a batch rolls back alone and is handled as on its own (kept quarantined with a
note, or left unmarked for the next poll); the others commit, are marked and get their notices. A commit that
fails marks nothing of its transaction, sends no reply, and the next poll takes each of its messages once. A
worker killed inside a transaction leaves nothing of that transaction behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest
from django.core import mail as django_mail
from django.db import OperationalError, connection

from pseahub.audit.services import chain_verify
from pseahub.cases.models import Complaint
from pseahub.intake import pipeline
from pseahub.intake.adapters import mailbox as mailbox_module
from pseahub.intake.adapters.mail_parse import external_id_for
from pseahub.intake.adapters.mailbox import MailboxConfig, MailboxError, mailbox_poll
from pseahub.intake.models import InboundMessage
from pseahub.vault import services as vault

from .imap_server import JPEG, mail, opened
from .mailbox_worker import ROOT, count, manage, worker_database_prepare, worker_env
from .test_mailbox_bad_input import BROKEN_MULTIPART

SEALING_BREAKS = b"Sealing-Breaks-7731"
RACE = "Race-Lost-4402"


def _good(number: int) -> bytes:
    return mail(f"Good-Message-{number}", message_id=f"<good-{number}@example.net>")


def _break_sealing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sealing fails for a file carrying ``SEALING_BREAKS`` (as a bug in the vault would)."""
    real = vault.sealed_file_prepare

    def sealed_file_prepare(*, content: bytes, **kwargs: Any) -> Any:
        if SEALING_BREAKS in content:
            raise ValueError("sealing broke")
        return real(content=content, **kwargs)

    monkeypatch.setattr(vault, "sealed_file_prepare", sealed_file_prepare)


def _lose_the_race(monkeypatch: pytest.MonkeyPatch, channel: Any, message_id: str) -> None:
    """For the message whose text carries ``RACE``, another worker inserts its ``InboundMessage`` first: the
    pipeline's own insert then fails with a real IntegrityError (the unique constraint), after the complaint's
    rows were written in the same savepoint."""
    real = pipeline.complaint_store

    def complaint_store(ready: Any) -> Any:
        submitted = real(ready)
        if RACE in ready.data.narrative:
            InboundMessage.objects.create(
                channel=channel, external_id=external_id_for(message_id, b""), complaint=submitted.complaint
            )
        return submitted

    monkeypatch.setattr(pipeline, "complaint_store", complaint_store)


@pytest.mark.django_db
def test_a_bad_message_in_a_batch_rolls_back_alone(personas, mailbox, django_capture_on_commit_callbacks):
    broken = pytest.MonkeyPatch()
    _break_sealing(broken)
    _lose_the_race(broken, mailbox.channel, "<race@example.net>")
    photo = JPEG + SEALING_BREAKS
    mailbox.append(
        _good(0),
        _good(1),
        BROKEN_MULTIPART,
        mail("Sealing-Text", attachments=[("photo.jpg", "image/jpeg", photo)], message_id="<sealing@example.net>"),
        mail(f"{RACE} text", message_id="<race@example.net>"),
        _good(5),
        _good(6),
    )
    race_uid = mailbox.server.uids(mailbox.folder, "ALL")[4]

    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            result = mailbox_poll(channel=mailbox.channel)
    finally:
        broken.undo()

    # One batch: the six others are committed and marked; the lost race rolled back alone, unmarked.
    assert (result.fetched, result.created, result.quarantined, result.failed) == (7, 6, 2, 1)
    assert Complaint.objects.count() == InboundMessage.objects.count() == 6
    assert mailbox.unprocessed() == [race_uid]
    assert len(mailbox.processed()) == 6
    assert chain_verify() is None  # the savepoints kept the audit chain whole
    sealing = InboundMessage.objects.get(external_id=external_id_for("<sealing@example.net>", b"")).complaint
    content = opened(sealing, personas.coordinator, personas.password)
    assert sealing.is_quarantined and content["narrative"] == "Sealing-Text"
    assert "intake failed on this message (ValueError)" in content["channel_detail"]["quarantine_note"]
    # The coordinators' notices: one per committed complaint, none for the rolled-back one (the other callbacks
    # are the insights summary's: the months the batch changed).
    assert len([callback for callback in callbacks if "notice_send" in callback.__qualname__]) == 6
    notices = [message.subject for message in django_mail.outbox]
    assert sorted(notices) == sorted(f"[PSEA Hub] New complaint {ref}" for ref in result.complaints)
    again = mailbox_poll(channel=mailbox.channel)

    assert (again.fetched, again.created, again.duplicates, again.failed) == (1, 1, 0, 0)
    assert Complaint.objects.count() == InboundMessage.objects.count() == 7
    assert mailbox.unprocessed() == []


@pytest.mark.django_db
def test_notices_queued_in_the_database_roll_back_with_their_message(personas, mailbox, monkeypatch, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _lose_the_race(monkeypatch, mailbox.channel, "<race@example.net>")
    mailbox.append(_good(0), mail(f"{RACE} text", message_id="<race@example.net>"), _good(2))

    result = mailbox_poll(channel=mailbox.channel)

    assert (result.created, result.failed) == (2, 1)
    queued = DBTaskResult.objects.filter(task_path="pseahub.core.tasks.email_send")
    assert queued.count() == 2  # one coordinator, two committed complaints
    assert {row.args_kwargs["kwargs"]["to"] for row in queued} == {personas.coordinator.email}


@pytest.mark.django_db(transaction=True)
def test_a_failed_commit_marks_nothing_and_the_next_poll_takes_each_message_once(personas, mailbox, monkeypatch):
    mailbox.configure(ack_reply=True, batch_messages=2)
    mailbox.append(*[_good(number) for number in range(5)])
    uids = mailbox.server.uids(mailbox.folder, "ALL")
    real_commit = connection.commit
    failed: list[int] = []

    def commit() -> None:  # the second batch's commit fails (a full disk, a lost connection)
        if not failed and InboundMessage.objects.count() == 4:  # its two rows, and the first batch's two
            failed.append(1)
            raise OperationalError("injected at commit")
        real_commit()

    with monkeypatch.context() as patched:
        patched.setattr(connection, "commit", commit)
        result = mailbox_poll(channel=mailbox.channel)

    assert failed == [1]
    assert (result.fetched, result.created, result.failed, result.acknowledged) == (5, 3, 2, 3)
    assert InboundMessage.objects.count() == Complaint.objects.count() == 3
    assert mailbox.unprocessed() == uids[2:4]  # the failed batch: nothing marked
    replies = [message for message in django_mail.outbox if not message.subject.startswith("[PSEA Hub]")]
    notices = [message for message in django_mail.outbox if message.subject.startswith("[PSEA Hub]")]
    assert len(replies) == len(notices) == 3  # nothing sent for the rolled-back complaints
    again = mailbox_poll(channel=mailbox.channel)

    assert (again.fetched, again.created, again.duplicates, again.failed, again.acknowledged) == (2, 2, 0, 0, 2)
    external_ids = list(InboundMessage.objects.values_list("external_id", flat=True))
    assert len(external_ids) == len(set(external_ids)) == Complaint.objects.count() == 5
    assert set(external_ids) == {external_id_for(f"<good-{number}@example.net>", b"") for number in range(5)}
    assert mailbox.unprocessed() == []
    assert len([message for message in django_mail.outbox if not message.subject.startswith("[PSEA Hub]")]) == 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("config", "commits"), [({"batch_messages": 3}, 3), ({"batch_seconds": 1e-6}, 7)])
def test_it_commits_once_per_batch_or_sooner_when_a_transaction_takes_long(
    personas, mailbox, monkeypatch, config, commits
):
    mailbox.configure(**{"batch_messages": 3, **config})
    mailbox.append(*[_good(number) for number in range(7)])
    real_commit, real_mark = connection.commit, mailbox_module._mark_processed
    committed: list[int] = []
    marked: list[list[int]] = []

    def commit() -> None:
        committed.append(InboundMessage.objects.count())  # rows visible to this transaction, before its commit
        real_commit()

    def mark(imap: Any, mailbox_config: Any, capabilities: Any, uids: list[int]) -> None:
        marked.append(uids)
        real_mark(imap, mailbox_config, capabilities, uids)

    monkeypatch.setattr(connection, "commit", commit)
    monkeypatch.setattr(mailbox_module, "_mark_processed", mark)

    result = mailbox_poll(channel=mailbox.channel)

    assert result.created == 7 and mailbox.unprocessed() == []
    assert len(committed) == commits
    assert [len(uids) for uids in marked] == [3, 3, 1]  # one STORE per batch, after all its commits


@pytest.mark.django_db(transaction=True)
def test_receipts_are_derived_before_the_transaction_and_not_again_for_messages_taken_in(
    personas, mailbox, monkeypatch
):
    mailbox.configure(ack_reply=True)
    mailbox.append(_good(0), _good(1))
    mailbox_poll(channel=mailbox.channel)
    with mailbox.server.client(mailbox.folder) as imap:  # as if the worker had died before marking them
        imap.uid("STORE", "1:*", "-FLAGS.SILENT", "($PseaIngested)")
    mailbox.append(_good(2))
    real = mailbox_module.receipt_prepare
    in_transaction: list[bool] = []

    def receipt_prepare(*, issue: bool = True) -> Any:
        in_transaction.append(connection.in_atomic_block)
        return real(issue=issue)

    monkeypatch.setattr(mailbox_module, "receipt_prepare", receipt_prepare)

    result = mailbox_poll(channel=mailbox.channel)

    assert (result.created, result.duplicates, result.acknowledged) == (1, 2, 1)
    assert in_transaction == [False]  # only the new message's, outside the batch's transaction


@pytest.mark.django_db
@pytest.mark.parametrize(
    "config",
    [{"batch_messages": 0}, {"batch_messages": 1000}, {"batch_messages": "many"}, {"batch_seconds": -1}],
)
def test_it_refuses_a_batch_size_out_of_bounds(mailbox, config):
    mailbox.configure(**config)

    with pytest.raises(MailboxError, match="batch_"):
        MailboxConfig.from_channel(mailbox.channel)


POLL_THEN_HANG = """
import os, pathlib, time
from pseahub.intake.adapters.mailbox import mailbox_poll
from pseahub.intake.models import IntakeChannel
received = [0]
def hang(_outcome):
    received[0] += 1
    if received[0] == int(os.environ["HANG_AT"]):
        pathlib.Path(os.environ["HANG_MARKER"]).write_text("hanging")
        time.sleep(120)
mailbox_poll(channel=IntakeChannel.objects.get(slug="killed"), after_receive=hang)
"""


def test_a_worker_killed_inside_a_transaction_leaves_nothing_of_it(dovecot, tmp_path):
    """25 messages in batches of 10, no early commit: killed with the second batch's 5th message received
    inside its transaction, only the first batch exists (committed and marked); the next poll takes the other
    15 exactly once."""
    database, marker = tmp_path / "shared.sqlite3", tmp_path / "hanging"
    folder = dovecot.new_folder()
    env = {
        **worker_env(dovecot, folder, database, batch_messages=10, batch_seconds=600),
        "HANG_AT": "15",
        "HANG_MARKER": str(marker),
    }
    worker_database_prepare(env)
    dovecot.append(folder, *[mail(f"Report {i}.", message_id=f"<inside-{i}@example.net>") for i in range(25)])

    worker = subprocess.Popen(  # noqa: S603 - our interpreter and manage.py
        [sys.executable, "manage.py", "shell", "-c", POLL_THEN_HANG],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert worker.poll() is None, "the worker ended before it could be killed"
            assert time.monotonic() < deadline, "the worker did not reach the 15th message in time"
            time.sleep(0.02)
        # Inside the second transaction: its five messages are received but invisible, the first batch marked.
        assert count(database, "intake_inboundmessage") == count(database, "cases_complaint") == 10
        assert len(dovecot.uids(folder, "KEYWORD", "$PseaIngested")) == 10
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    assert count(database, "intake_inboundmessage") == count(database, "cases_complaint") == 10

    finished = manage(env, "mailbox_poll", "--channel", "killed")

    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "fetched=15 created=15 duplicates=0 quarantined=0 failed=0" in finished.stdout
    assert count(database, "intake_inboundmessage") == count(database, "cases_complaint") == 25
    assert dovecot.uids(folder, "UNKEYWORD", "$PseaIngested") == []
