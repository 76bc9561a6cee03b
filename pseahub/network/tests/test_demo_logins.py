"""manage.py demo_logins: the printed e-mails, password and TOTP keys are the ones that work."""

import base64
import io
import re

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.models import User
from pseahub.network.demo import DEMO_PASSWORD, DEMO_USERS, demo_load

pytestmark = pytest.mark.django_db


def test_it_prints_logins_that_work():
    demo_load()
    out = io.StringIO()

    call_command("demo_logins", stdout=out)

    printed = out.getvalue()
    assert f"Password for every demo user: {DEMO_PASSWORD}" in printed
    for demo in DEMO_USERS:
        match = re.search(rf"{re.escape(demo.email)}\s+([A-Z2-7]+)$", printed, re.MULTILINE)
        assert match, demo.email
        key = base64.b32decode(match.group(1) + "=" * (-len(match.group(1)) % 8))
        assert User.objects.get(email=demo.email).check_password(DEMO_PASSWORD)
        assert TOTPDevice.objects.get(user__email=demo.email).bin_key == key
