"""`make run PORT=8001`: the dev settings' SITE_URL follows PORT (or SITE_URL), and demo_logins prints it."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"


def _dev_site_url(**env: str) -> str:
    """SITE_URL as the dev settings compute it in a fresh process with ``env`` (as bin/run-dev starts one)."""
    environ = {k: v for k, v in os.environ.items() if k not in {"PORT", "SITE_URL", "DJANGO_SETTINGS_MODULE"}}
    environ.update(env, DJANGO_SETTINGS_MODULE="config.settings.dev")
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_dev_site_url_follows_the_port_served():
    assert _dev_site_url(PORT="8001") == "http://127.0.0.1:8001"


def test_dev_site_url_is_port_8000_by_default():
    assert _dev_site_url() == "http://127.0.0.1:8000"


def test_an_explicit_site_url_wins_over_the_port():
    assert _dev_site_url(PORT="8001", SITE_URL="http://pseahub.local:9000") == "http://pseahub.local:9000"


@pytest.mark.django_db
def test_demo_logins_prints_the_address_served(settings):
    settings.SITE_URL = "http://127.0.0.1:8001"
    out = io.StringIO()

    call_command("demo_logins", stdout=out)

    assert "PSEA Hub demo: http://127.0.0.1:8001/  (staff login: http://127.0.0.1:8001/accounts/login/)" in (
        out.getvalue()
    )
