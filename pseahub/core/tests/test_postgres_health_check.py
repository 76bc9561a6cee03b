"""PostgreSQL connections kept between requests (pseahub.core.db.postgresql): a quiet idle connection is
reused without a ``SELECT 1`` round trip, and one the server closed is noticed and replaced."""

from __future__ import annotations

import select
import time
from collections.abc import Iterator

import pytest
from django.db import connection

from pseahub.core.db.postgresql.base import DatabaseWrapper

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL backend"),
]


@pytest.fixture
def kept() -> Iterator[DatabaseWrapper]:
    """A second connection to the test database, as a web worker keeps one between requests."""
    db = DatabaseWrapper({**connection.settings_dict, "CONN_HEALTH_CHECKS": True}, alias="kept")
    db.ensure_connection()
    yield db
    db.close()


def backend_pid(db: DatabaseWrapper) -> int:
    with db.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def last_statement(pid: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return str(cursor.fetchone()[0])


def test_a_quiet_connection_is_reused_without_a_statement(kept: DatabaseWrapper) -> None:
    pid = backend_pid(kept)
    with kept.cursor() as cursor:
        cursor.execute("SELECT 'last thing this worker asked'")

    kept.health_check_done = False
    kept.close_if_health_check_failed()

    assert kept.connection is not None
    assert last_statement(pid) == "SELECT 'last thing this worker asked'"
    assert backend_pid(kept) == pid


def test_a_connection_the_server_closed_is_replaced_before_the_next_query(kept: DatabaseWrapper) -> None:
    pid = backend_pid(kept)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while not select.select([kept.connection.fileno()], [], [], 0.05)[0]:
        assert time.monotonic() < deadline, "the server did not close the connection"

    kept.health_check_done = False
    kept.close_if_health_check_failed()

    assert kept.connection is None
    assert backend_pid(kept) != pid


def test_a_connection_inside_a_transaction_is_checked_with_a_statement(kept: DatabaseWrapper) -> None:
    kept.set_autocommit(False)
    pid = backend_pid(kept)

    assert kept.is_usable()
    assert last_statement(pid) == "SELECT 1"
    kept.rollback()
    kept.set_autocommit(True)
