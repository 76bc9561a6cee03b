"""SQLite writers (pseahub.core.db.sqlite3): a transaction that finds the write lock taken waits for it in
short steps and starts as soon as it is free, not up to 100 ms later; past the timeout it fails with
"database is locked", and the connection's busy timeout is as configured afterwards."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from pseahub.core.db.sqlite3.base import DatabaseWrapper


def wrapper(path: Path, timeout: float, alias: str) -> DatabaseWrapper:
    settings = {
        **connection.settings_dict,
        "ENGINE": "pseahub.core.db.sqlite3",
        "NAME": str(path),
        "OPTIONS": {"timeout": timeout, "transaction_mode": "IMMEDIATE"},
    }
    db = DatabaseWrapper(settings, alias=alias)
    db.ensure_connection()
    return db


@pytest.fixture
def database(tmp_path: Path, django_db_blocker) -> Iterator[Path]:
    """A throw-away SQLite file of its own (not the test database), whatever database the suite runs on."""
    path = tmp_path / "locks.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE t (x INTEGER)")
    with django_db_blocker.unblock():
        yield path


def test_a_waiting_writer_starts_as_soon_as_the_lock_is_free(database):
    holder, waiter = wrapper(database, 5, "holder"), wrapper(database, 5, "waiter")
    started: list[float] = []

    def wait_and_write() -> None:
        waiter._start_transaction_under_autocommit()
        started.append(time.monotonic())
        waiter.connection.execute("INSERT INTO t VALUES (2)")
        waiter.connection.execute("COMMIT")

    holder._start_transaction_under_autocommit()
    holder.connection.execute("INSERT INTO t VALUES (1)")
    thread = threading.Thread(target=wait_and_write)
    thread.start()
    time.sleep(0.3)  # long enough for SQLite's own handler to have reached its 100 ms sleeps
    assert started == []
    released = time.monotonic()
    holder.connection.execute("COMMIT")
    thread.join(5)

    assert started and started[0] - released < 0.05
    assert [row[0] for row in holder.connection.execute("SELECT x FROM t ORDER BY x")] == [1, 2]
    for db in (holder, waiter):
        assert db.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        db.close()


def test_past_the_timeout_it_fails_as_locked(database):
    holder, waiter = wrapper(database, 5, "holder"), wrapper(database, 0.2, "waiter")
    holder._start_transaction_under_autocommit()
    before = time.monotonic()

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        waiter._start_transaction_under_autocommit()

    assert 0.2 <= time.monotonic() - before < 2
    assert waiter.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 200
    holder.connection.execute("ROLLBACK")
    for db in (holder, waiter):
        db.close()
