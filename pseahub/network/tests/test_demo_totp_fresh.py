"""manage.py demo_totp waits for a fresh code: never one already used to sign in, nor one about to expire."""

import io
import re
import time
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.network.demo import demo_load

pytestmark = pytest.mark.django_db

COORDINATOR = "coordinator@demo.psea.test"


def _run(traveller: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[str, float]:
    """The printed code and how long the command waited (its sleep moves the frozen clock on)."""
    waited: list[float] = []

    def sleep(seconds: float) -> None:
        waited.append(seconds)
        traveller.shift(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    out = io.StringIO()
    call_command("demo_totp", COORDINATOR, stdout=out, stderr=io.StringIO())
    match = re.match(r"(\d{6})  \(valid for (\d+) more seconds\)", out.getvalue())
    assert match, out.getvalue()
    return match.group(1), sum(waited)


def test_after_a_sign_in_with_this_periods_code_it_waits_for_the_next(settings, monkeypatch):
    settings.PSEAHUB_DEMO = True
    with time_machine.travel("2026-03-02 09:15:07+00:00", tick=False) as traveller:
        demo_load()
        first, _ = _run(traveller, monkeypatch)
        assert TOTPDevice.objects.get(user__email=COORDINATOR).verify_token(first)  # signs in with it

        second, waited = _run(traveller, monkeypatch)

        assert second != first
        assert 20 <= waited <= 30
        assert TOTPDevice.objects.get(user__email=COORDINATOR).verify_token(second)


def test_a_code_about_to_expire_is_not_printed(settings, monkeypatch):
    settings.PSEAHUB_DEMO = True
    with time_machine.travel("2026-03-02 09:15:28+00:00", tick=False) as traveller:  # 2 s left in the period
        demo_load()

        code, waited = _run(traveller, monkeypatch)

        assert 0 < waited <= 5
        assert TOTPDevice.objects.get(user__email=COORDINATOR).verify_token(code)


def test_a_fresh_unused_code_is_printed_at_once(settings, monkeypatch):
    settings.PSEAHUB_DEMO = True
    with time_machine.travel("2026-03-02 09:15:07+00:00", tick=False) as traveller:
        demo_load()

        _, waited = _run(traveller, monkeypatch)

        assert waited == 0
