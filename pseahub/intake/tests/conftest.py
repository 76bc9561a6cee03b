"""Fixtures for the intake tests (see ``pseahub.cases.tests.conftest``): an empty cache for every test, since
rate-limit counters live there, and ``unlocked_client_for(user)`` signed in through the real login.

The mailbox tests get ``dovecot`` (a throw-away Dovecot per session, see ``imap_server.py``; the tests skip
when it is not installed) and ``mailbox`` (a fresh folder with its IMAP channel per test)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from pseahub.accounts.models import User
from pseahub.cases.tests.helpers import sign_in_unlocked

from .imap_server import PASSWORD_ENV, DovecotServer, DovecotUnavailableError, Mailbox, mailbox_channel


@pytest.fixture
def unlocked_client_for(db: None) -> Callable[[User], Client]:
    return sign_in_unlocked


# --- The neutral mailbox: a real Dovecot for the whole session, a fresh folder and channel per test -------------
@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    try:
        server = DovecotServer.start()
    except DovecotUnavailableError as exc:
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def mailbox(dovecot: DovecotServer, db: None, monkeypatch: pytest.MonkeyPatch) -> Mailbox:
    """An enabled IMAP channel (acknowledgement off) reading a new, empty folder of the test Dovecot."""
    monkeypatch.setenv(PASSWORD_ENV, dovecot.password)
    folder = dovecot.new_folder()
    return Mailbox(server=dovecot, folder=folder, channel=mailbox_channel(dovecot, folder))
