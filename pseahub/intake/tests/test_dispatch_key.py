"""The dispatch key pair lives outside the database: `dispatch_keygen` prints one, web processes need only the
public half, `check --deploy` reports a missing, malformed or mismatched pair, production refuses to start
without it, and a worker without the private half cannot open what was queued."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from pseahub.intake import dispatch
from pseahub.vault import crypto

ROOT = Path(__file__).resolve().parents[3]


def _keygen() -> dict[str, str]:
    out = StringIO()
    call_command("dispatch_keygen", stdout=out)
    return dict(line.split("=", 1) for line in out.getvalue().split())


def test_keygen_prints_a_matching_pair(settings):
    pair = _keygen()

    assert set(pair) == {"DISPATCH_PUBLIC_KEY", "DISPATCH_PRIVATE_KEY"}
    public, private = (base64.b64decode(pair[name]) for name in ("DISPATCH_PUBLIC_KEY", "DISPATCH_PRIVATE_KEY"))
    assert crypto.public_key_of(private) == public and _keygen() != pair
    # A web process with the public half only seals; the worker with the private half opens.
    settings.DISPATCH_PUBLIC_KEY, settings.DISPATCH_PRIVATE_KEY = pair["DISPATCH_PUBLIC_KEY"], ""
    sealed = crypto.seal(dispatch.dispatch_public_key(), b"hello")
    settings.DISPATCH_PUBLIC_KEY, settings.DISPATCH_PRIVATE_KEY = "", pair["DISPATCH_PRIVATE_KEY"]
    assert crypto.unseal(dispatch.dispatch_private_key(), sealed) == b"hello"
    assert dispatch.dispatch_public_key() == public  # derived from the private half


def test_production_settings_have_no_fallback(settings):
    settings.SECRETS_DEV_FALLBACK = False
    settings.DISPATCH_PUBLIC_KEY = settings.DISPATCH_PRIVATE_KEY = ""

    with pytest.raises(Exception, match="DISPATCH_PUBLIC_KEY / DISPATCH_PRIVATE_KEY must be set"):
        dispatch.dispatch_public_key()


@pytest.mark.parametrize(
    ("public", "private", "reported"),
    [
        ("", "", "Neither DISPATCH_PUBLIC_KEY nor DISPATCH_PRIVATE_KEY is set"),
        ("not base64!", "", "DISPATCH_PUBLIC_KEY is not base64"),
        (base64.b64encode(b"short").decode(), "", "DISPATCH_PUBLIC_KEY must be 32 bytes"),
        ("mismatch", "pair", "DISPATCH_PUBLIC_KEY is not the public half of DISPATCH_PRIVATE_KEY"),
    ],
)
def test_check_deploy_reports_the_dispatch_key(settings, public, private, reported):
    if (public, private) == ("mismatch", "pair"):
        public, private = _keygen()["DISPATCH_PUBLIC_KEY"], _keygen()["DISPATCH_PRIVATE_KEY"]
    settings.DISPATCH_PUBLIC_KEY, settings.DISPATCH_PRIVATE_KEY = public, private

    with pytest.raises(SystemCheckError) as raised:
        call_command("check", deploy=True, tags=["security"])

    assert reported in str(raised.value) and "pseahub.E_DISPATCH_KEY" in str(raised.value)


@pytest.mark.parametrize(
    "names", [("DISPATCH_PUBLIC_KEY",), ("DISPATCH_PRIVATE_KEY",), ("DISPATCH_PUBLIC_KEY", "DISPATCH_PRIVATE_KEY")]
)
def test_check_deploy_accepts_a_web_process_a_worker_or_both(settings, names):
    pair = _keygen()
    settings.DISPATCH_PUBLIC_KEY = settings.DISPATCH_PRIVATE_KEY = ""
    for name in names:
        setattr(settings, name, pair[name])

    assert dispatch.dispatch_key_problems() == []


def test_production_refuses_to_start_without_the_dispatch_key():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISPATCH_", "DJANGO_SETTINGS"))}
    long = "x" * 40
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="prod-test-secret-key-" + "s" * 40,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite:////tmp/pseahub-prod-check.sqlite3",
        VAULT_RECEIPT_PEPPER=long + "p",
        INTEGRITY_KEY=long,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode != 0
    assert "DISPATCH_PUBLIC_KEY (web processes) or DISPATCH_PRIVATE_KEY (the task worker) must be set" in result.stderr
