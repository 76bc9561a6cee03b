"""A staff member signs in with e-mail, password and a real TOTP code, and enrols an authenticator app."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.accounts.services import BACKUP_CODE_COUNT
from pseahub.accounts.tests.factories import PASSWORD, UserFactory

from .steps import key_from_shown_secret, sign_in_with_password, totp_now

pytestmark = pytest.mark.browser


def _staff_with_authenticator(email: str = "staff@example.org") -> tuple[object, TOTPDevice]:
    user = UserFactory(email=email)
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return user, device


def _a_wrong_code(key: bytes) -> str:
    """A code that none of the accepted time steps (now, one before, one after) would produce."""
    totp = TOTP(key)
    accepted = set()
    for drift in (-1, 0, 1):
        totp.drift = drift
        accepted.add(f"{totp.token():06d}")
    return next(code for code in (f"{n:06d}" for n in range(123456, 123460)) if code not in accepted)


def test_it_signs_in_staff_with_password_and_current_totp_code(page):
    _user, device = _staff_with_authenticator()

    sign_in_with_password(page, "staff@example.org", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step verification")
    # Not signed in yet: the second step gates everything else.
    expect(page.get_by_role("link", name="My account")).to_have_count(0)

    page.get_by_label("Code").fill(totp_now(device.bin_key))
    page.get_by_role("button", name="Verify").click()

    expect(page.get_by_role("link", name="My account")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("link", name="My account").click()
    expect(page.get_by_text("staff@example.org")).to_be_visible()


def test_it_refuses_a_wrong_totp_code(page):
    _user, device = _staff_with_authenticator()

    sign_in_with_password(page, "staff@example.org", PASSWORD)
    page.get_by_label("Code").fill(_a_wrong_code(device.bin_key))
    page.get_by_role("button", name="Verify").click()

    expect(page.locator(".errorlist")).to_contain_text("That code is not correct or has already been used.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step verification")
    expect(page.get_by_role("link", name="My account")).to_have_count(0)
    page.goto("/accounts/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))


def test_it_enrols_an_authenticator_from_the_shown_key_and_shows_backup_codes(page):
    UserFactory(email="new.staff@example.org")

    sign_in_with_password(page, "new.staff@example.org", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step verification")
    expect(page.locator(".qr svg")).to_be_visible()
    shown = page.locator("#totp-secret").inner_text()
    key = key_from_shown_secret(shown)
    assert len(key) == 20  # what django-otp generates; a decoding slip would change it

    page.get_by_label("Code shown by the app").fill(totp_now(key))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.locator("ul.codes li")).to_have_count(BACKUP_CODE_COUNT)
    expect(page.get_by_role("link", name="My account")).to_be_visible()
    assert TOTPDevice.objects.get(user__email="new.staff@example.org", confirmed=True).bin_key == key
