"""Production needs the receipt pepper and the integrity key from outside the database; no silent fallback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from pseahub.core.secrets import integrity_subkey, receipt_pepper, secrets_forget

ROOT = Path(__file__).resolve().parents[3]
LONG = "x" * 40


@pytest.fixture(autouse=True)
def _forget():
    secrets_forget()
    yield
    secrets_forget()


def test_without_the_dev_fallback_a_missing_pepper_is_an_error_not_secret_key(settings):
    settings.SECRETS_DEV_FALLBACK = False
    settings.VAULT_RECEIPT_PEPPER = ""
    with pytest.raises(ImproperlyConfigured, match="VAULT_RECEIPT_PEPPER"):
        receipt_pepper()


def test_without_the_dev_fallback_a_missing_integrity_key_is_an_error(settings):
    settings.SECRETS_DEV_FALLBACK = False
    settings.INTEGRITY_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="INTEGRITY_KEY"):
        integrity_subkey("audit-mac-v1")


def test_each_purpose_gets_its_own_subkey(settings):
    settings.INTEGRITY_KEY = LONG
    assert integrity_subkey("a") != integrity_subkey("b")
    assert len(integrity_subkey("a")) == 32


@pytest.mark.parametrize("name", ["VAULT_RECEIPT_PEPPER", "INTEGRITY_KEY"])
def test_check_deploy_reports_a_missing_secret(settings, name):
    settings.VAULT_RECEIPT_PEPPER = LONG
    settings.INTEGRITY_KEY = LONG + "y"
    setattr(settings, name, "")
    with pytest.raises(SystemCheckError, match=f"{name} is not set"):
        call_command("check", deploy=True, tags=["security"])


def test_check_deploy_refuses_a_short_secret_or_secret_key_itself(settings):
    settings.VAULT_RECEIPT_PEPPER = "short"
    settings.INTEGRITY_KEY = settings.SECRET_KEY
    with pytest.raises(SystemCheckError) as raised:
        call_command("check", deploy=True, tags=["security"])
    assert "VAULT_RECEIPT_PEPPER is shorter" in str(raised.value)
    assert "INTEGRITY_KEY must differ from SECRET_KEY" in str(raised.value)


def _prod_check(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VAULT_RECEIPT_PEPPER", "INTEGRITY_KEY", "DJANGO_SETTINGS_MODULE", "DISPATCH_PUBLIC_KEY"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="prod-test-secret-key-" + "s" * 40,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite:////tmp/pseahub-prod-check.sqlite3",
        DISPATCH_PUBLIC_KEY="A" * 43 + "=",  # 32 bytes of base64 (pseahub.intake.dispatch)
        **env_extra,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_the_pepper():
    result = _prod_check({"INTEGRITY_KEY": LONG})
    assert result.returncode != 0
    assert "VAULT_RECEIPT_PEPPER must be set" in result.stderr


def test_production_starts_with_both_secrets():
    result = _prod_check({"INTEGRITY_KEY": LONG, "VAULT_RECEIPT_PEPPER": LONG + "p"})
    assert result.returncode == 0, result.stderr
