"""A mailbox worker in a process of its own (``manage.py``), on a SQLite file shared with the test and a folder
of the test Dovecot: for the tests that kill a worker and check what it leaves behind."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings

from .imap_server import PASSWORD_ENV, DovecotServer

ROOT = Path(settings.BASE_DIR)

# Run in the worker's database before it polls: a coordinator and the channel "killed" on MAILBOX_CONFIG.
SETUP = f"""
from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.intake.models import IntakeChannel
import json, os
role_grant(actor=None, user=UserFactory(email="coordinator@example.org"), role=Role.COORDINATOR)
IntakeChannel.objects.create(
    name="Neutral mailbox", slug="killed", type="email", provider="imap",
    config=json.loads(os.environ["MAILBOX_CONFIG"]), secret_env="{PASSWORD_ENV}",
)
"""


def worker_env(server: DovecotServer, folder: str, database: Path, **config: Any) -> dict[str, str]:
    """The environment of a worker reading ``folder`` into the SQLite file ``database`` (test settings)."""
    channel_config = {
        "host": "127.0.0.1",
        "port": server.port,
        "username": server.username,
        "folder": folder,
        "tls": False,
        **config,
    }
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        PASSWORD_ENV: server.password,
        "MAILBOX_CONFIG": json.dumps(channel_config),
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def worker_database_prepare(env: dict[str, str]) -> None:
    """Migrate the worker's database and run SETUP in it."""
    for step in (("migrate", "--noinput"), ("shell", "-c", SETUP)):
        done = manage(env, *step)
        assert done.returncode == 0, done.stderr[-3000:]


def count(database: Path, table: str) -> int:
    """Rows in ``table`` as another reader sees them; -1 while not migrated yet, or locked for a moment."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as connection:
        try:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
        except sqlite3.OperationalError:
            return -1
