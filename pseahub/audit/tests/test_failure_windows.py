"""Anonymous failures (sign-ins for unknown accounts, refused webhook calls) are counted per window in a table
every process shares, and each window becomes one audit entry: a flood adds a couple of entries, not one per
request, and takes no lock on the chain's head while it lasts."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client

from pseahub.accounts.tests.factories import UserFactory
from pseahub.accounts.tests.helpers import WRONG_LOGIN, password_step, text
from pseahub.audit.models import Action, AuditEvent, FailureWindow
from pseahub.audit.services import chain_verify, failure_count, failure_windows_flush
from pseahub.audit.tasks import failure_windows_close

pytestmark = pytest.mark.django_db

WINDOW = dt.timedelta(seconds=300)
START = dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)  # the start of a five-minute window


def _failures() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("seq"))


def test_a_thousand_failed_sign_ins_for_unknown_accounts_make_one_entry_with_their_count(db):
    client = Client()
    before = AuditEvent.objects.count()
    with time_machine.travel(START + dt.timedelta(seconds=10), tick=False):
        for n in range(1000):
            response = password_step(client, f"nobody.{n}@example.org", "a-guess")
            assert WRONG_LOGIN in text(response)
    assert AuditEvent.objects.count() == before  # nothing written while the window is open

    with time_machine.travel(START + WINDOW + dt.timedelta(seconds=1), tick=False):
        failure_windows_close.enqueue()

    (entry,) = _failures()
    assert AuditEvent.objects.count() == before + 1
    assert entry.actor_id is None and (entry.target_type, entry.target_id) == ("", "")
    assert entry.data == {
        "step": "password",
        "window_start": START.isoformat(),
        "window_seconds": 300,
        "count": 1000,
    }
    assert "nobody" not in str(entry.data)
    assert not FailureWindow.objects.exists()
    assert chain_verify() is None


def test_the_first_failure_after_a_window_writes_the_window_that_ended(db):
    with time_machine.travel(START, tick=False):
        for n in range(7):
            password_step(Client(), f"nobody.{n}@example.org", "a-guess")
    with time_machine.travel(START + WINDOW + dt.timedelta(seconds=30), tick=False):
        password_step(Client(), "someone.else@example.org", "a-guess")

    (entry,) = _failures()
    assert entry.data["count"] == 7
    assert FailureWindow.objects.get().count == 1  # the new window is still open


def test_a_flood_across_two_windows_makes_two_entries(db):
    for n in range(60):
        with time_machine.travel(START + dt.timedelta(seconds=10 * n), tick=False):
            password_step(Client(), f"nobody.{n}@example.org", "a-guess")
    failure_windows_flush(now=START + 3 * WINDOW)

    assert [entry.data["count"] for entry in _failures()] == [30, 30]


def test_a_known_accounts_failure_is_still_recorded_at_once_with_the_account(db):
    user = UserFactory(email="known.person@example.org")

    with time_machine.travel(START, tick=False):
        password_step(Client(), user.email, "a-guess")

    (entry,) = _failures()
    assert entry.target_id == str(user.public_id)
    assert entry.data == {"step": "password"}
    assert not FailureWindow.objects.exists()


def test_lockouts_of_an_unknown_account_are_counted_too(db):
    with time_machine.travel(START, tick=False):
        for _attempt in range(12):
            password_step(Client(), "nobody.here@example.org", "a-guess")
    failure_windows_flush(now=START + WINDOW)

    assert [entry.data["count"] for entry in _failures()] == [5]
    (locked,) = AuditEvent.objects.filter(action=Action.LOGIN_LOCKED_OUT)
    assert locked.data["count"] == 8  # the fifth failure's lockout, then each of the 7 refused tries


def test_each_kind_and_detail_has_its_own_count(db):
    for _n in range(3):
        failure_count(action=Action.LOGIN_FAILED, data={"step": "password"}, now=START)
    failure_count(action=Action.LOGIN_FAILED, data={"step": "otp"}, now=START)
    failure_count(action=Action.WEBHOOK_SIGNATURE_REJECTED, data={"reason": "missing"}, now=START)

    assert failure_windows_flush(now=START + WINDOW) == 3
    counts = {(e.action, e.data.get("step", "")): e.data["count"] for e in AuditEvent.objects.all()}
    assert counts == {
        ("login_failed", "password"): 3,
        ("login_failed", "otp"): 1,
        ("webhook_signature_rejected", ""): 1,
    }


def test_an_open_window_is_not_flushed(db):
    failure_count(action=Action.LOGIN_FAILED, now=START)

    assert failure_windows_flush(now=START + WINDOW - dt.timedelta(seconds=1)) == 0
    assert FailureWindow.objects.get().count == 1


def test_the_window_length_is_a_setting(db, settings):
    settings.AUDIT_FAILURE_WINDOW_SECONDS = 60
    failure_count(action=Action.LOGIN_FAILED, now=START)
    failure_count(action=Action.LOGIN_FAILED, now=START + dt.timedelta(seconds=61))

    (entry,) = _failures()
    assert (entry.data["count"], entry.data["window_seconds"]) == (1, 60)


@pytest.mark.django_db(transaction=True)
def test_processes_counting_at_once_lose_no_failure():
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("threads need a database file on SQLite")
    threads_count, each = 4, 50
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads_count)

    def count() -> None:
        try:
            barrier.wait()
            for _n in range(each):
                failure_count(action=Action.LOGIN_FAILED, now=START)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert FailureWindow.objects.get().count == threads_count * each
