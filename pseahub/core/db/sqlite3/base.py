"""Django's SQLite backend, with writers that wait for the write lock in short steps.

Every transaction here takes SQLite's write lock at BEGIN (``transaction_mode: IMMEDIATE``). When another
process holds it, SQLite's own busy handler sleeps 1, 2, 5, 10 … up to 100 ms between attempts, so under
load a writer that has already waited keeps sleeping 100 ms while newcomers slip in: a few requests wait
seconds while most wait none. Here BEGIN IMMEDIATE is retried about every millisecond, up to the configured
``timeout``, so waits stay close to the time the lock is actually held. Statements outside a transaction
keep SQLite's busy timeout.
"""

from __future__ import annotations

import random
import sqlite3
import time

from django.db.backends.sqlite3 import base

RETRY_SECONDS = 0.001


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return "locked" in str(exc)
    return bool(code & 0xFF == sqlite3.SQLITE_BUSY)


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self) -> None:
        if self.transaction_mode != "IMMEDIATE":  # type: ignore[attr-defined]
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
            return
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        connection = self.connection  # the sqlite3 connection itself: its errors are not rewrapped by Django
        deadline = time.monotonic() + timeout
        connection.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    connection.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or time.monotonic() >= deadline:
                        raise
                time.sleep(RETRY_SECONDS * (0.5 + random.random()))  # noqa: S311 - jitter, not a secret
        finally:
            connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
