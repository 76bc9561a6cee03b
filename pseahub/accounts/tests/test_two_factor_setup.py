"""Enrolling an authenticator app: QR code and key, a first code, ten backup codes shown once."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.tests.factories import UserFactory
from pseahub.accounts.tests.helpers import (
    BACKUP_CODES_URL,
    PROFILE_URL,
    SETUP_URL,
    VERIFY_URL,
    actions,
    authenticator,
    code_not_accepted_now,
    code_now,
    events,
    is_signed_in,
    key_from_setup_page,
    password_step,
    text,
)
from pseahub.audit.models import Action

pytestmark = pytest.mark.django_db


def _code_for(key: bytes) -> str:
    return f"{TOTP(key).token():06d}"


def _shown_codes(html: str) -> list[str]:
    block = re.search(r'<ul class="codes"[^>]*>(.*?)</ul>', html, re.S)
    assert block, "no backup codes on the page"
    return re.findall(r"<li>([^<]+)</li>", block.group(1))


@pytest.fixture
def user():
    return UserFactory(email="new.staff@example.org")


def test_it_shows_a_qr_code_and_the_key_to_type(client, user):
    password_step(client, user.email)

    response = client.get(SETUP_URL)

    assert response.status_code == 200
    html = text(response)
    assert "<svg" in html and "QR code for your authenticator app" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert key_from_setup_page(html) == device.bin_key


def test_it_confirms_with_a_correct_code_and_shows_ten_backup_codes_once(client, user):
    password_step(client, user.email)
    key = key_from_setup_page(text(client.get(SETUP_URL)))

    response = client.post(SETUP_URL, {"token": _code_for(key)})

    assert response.status_code == 200
    codes = _shown_codes(text(response))
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    onward = re.search(r'<a class="button" href="([^"]*)">I have saved my codes</a>', text(response))
    assert onward and onward.group(1) == "/"  # leads on to a real page
    assert TOTPDevice.objects.get(user=user).confirmed
    assert is_signed_in(client)
    assert actions(actor=user) == [Action.OTP_DEVICE_ADDED, Action.BACKUP_CODES_GENERATED, Action.LOGIN]
    assert events(Action.BACKUP_CODES_GENERATED)[0].data == {"count": 10}
    # Shown once: the profile only counts them.
    profile = text(client.get(PROFILE_URL))
    assert "10 backup codes left." in profile
    assert codes[0] not in profile


def test_it_refuses_a_wrong_code_at_enrolment(client, user):
    password_step(client, user.email)
    client.get(SETUP_URL)
    wrong = code_not_accepted_now(TOTPDevice.objects.get(user=user, confirmed=False))

    response = client.post(SETUP_URL, {"token": wrong})

    assert response.status_code == 200
    assert "That code is not correct. Check the time on your phone and try again." in text(response)
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not is_signed_in(client)
    assert Action.OTP_DEVICE_ADDED not in actions()


def test_it_keeps_a_user_with_an_authenticator_out_of_setup_until_they_pass_it(client, user):
    device = authenticator(user)
    password_step(client, user.email)

    response = client.get(SETUP_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY_URL)

    # Nor can they replace it by posting a code for a device of their own making.
    planted = TOTPDevice.objects.create(user=user, name="attacker", confirmed=False)
    response = client.post(SETUP_URL, {"token": _code_for(planted.bin_key)})
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY_URL)
    assert list(TOTPDevice.objects.filter(user=user, confirmed=True)) == [device]
    assert not is_signed_in(client)


def test_it_lets_a_signed_in_user_replace_their_authenticator(client, user):
    old = authenticator(user)
    with time_machine.travel(timezone.now(), tick=False):
        password_step(client, user.email)
        client.post(VERIFY_URL, {"token": code_now(old)})
        key = key_from_setup_page(text(client.get(SETUP_URL)))

        response = client.post(SETUP_URL, {"token": _code_for(key)})

    assert len(_shown_codes(text(response))) == 10
    (device,) = TOTPDevice.objects.filter(user=user)
    assert device.bin_key == key and device.confirmed
    assert len(events(Action.LOGIN)) == 1  # replacing the app is not another sign-in
    assert len(events(Action.OTP_DEVICE_ADDED)) == 1


def test_it_makes_new_backup_codes_on_request_and_the_old_ones_stop_working(client_for, user):
    client = client_for(user)
    first = _shown_codes(text(client.post(BACKUP_CODES_URL)))

    second = _shown_codes(text(client.post(BACKUP_CODES_URL)))

    assert len(first) == len(second) == 10
    assert set(first).isdisjoint(second)
    assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(second)
    assert len(events(Action.BACKUP_CODES_GENERATED, actor=user)) == 2


def test_it_makes_backup_codes_only_on_post(client_for, user):
    response = client_for(user).get(BACKUP_CODES_URL)

    assert response.status_code == 405
    assert not StaticToken.objects.exists()
