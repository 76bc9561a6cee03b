"""manage.py demo_totp EMAIL: the current code of the demo user's published authenticator."""

import io
import re

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.models import User
from pseahub.accounts.services import totp_device_confirm, totp_device_start
from pseahub.network.demo import demo_load

pytestmark = pytest.mark.django_db

COORDINATOR = "coordinator@demo.psea.test"


def _code(email: str) -> str:
    out = io.StringIO()
    call_command("demo_totp", email, stdout=out)
    match = re.match(r"(\d{6})  \(valid for \d+ more seconds\)", out.getvalue())
    assert match, out.getvalue()
    return match.group(1)


@time_machine.travel("2026-03-02 09:15:07+00:00", tick=False)
def test_it_prints_the_code_the_users_device_accepts(settings):
    settings.PSEAHUB_DEMO = True
    demo_load()

    code = _code(COORDINATOR)

    device = TOTPDevice.objects.get(user__email=COORDINATOR)
    assert device.verify_token(code)


@time_machine.travel("2026-03-02 09:15:07+00:00", tick=False)
def test_it_gives_each_demo_user_their_own_code(settings):
    settings.PSEAHUB_DEMO = True
    demo_load()

    code = _code("analyst@demo.psea.test")

    assert code != _code(COORDINATOR)
    assert not TOTPDevice.objects.get(user__email=COORDINATOR).verify_token(code)
    assert TOTPDevice.objects.get(user__email="analyst@demo.psea.test").verify_token(code)


def test_it_refuses_when_the_demo_is_off(settings):
    settings.PSEAHUB_DEMO = False
    demo_load()

    with pytest.raises(CommandError, match="demo installation"):
        call_command("demo_totp", COORDINATOR, stdout=io.StringIO())


def test_it_refuses_a_user_outside_the_demo_domain(settings):
    settings.PSEAHUB_DEMO = True

    with pytest.raises(CommandError, match="Only demo users"):
        call_command("demo_totp", "someone@example.org", stdout=io.StringIO())


def test_it_refuses_a_demo_user_who_enrolled_their_own_authenticator(settings):
    settings.PSEAHUB_DEMO = True
    demo_load()
    user = User.objects.get(email=COORDINATOR)
    device = totp_device_start(user=user)
    totp_device_confirm(user=user, device=device, token=f"{TOTP(device.bin_key).token():06d}")

    with pytest.raises(CommandError, match="no demo authenticator"):
        call_command("demo_totp", COORDINATOR, stdout=io.StringIO())
