"""A coordinator who signs in lands on the complaints inbox, not on the public home page."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import PASSWORD, UserFactory

from .steps import sign_in_with_password, totp_now

pytestmark = pytest.mark.browser


def test_a_coordinator_lands_on_the_inbox_after_both_steps(page):
    user = UserFactory(email="coordinator@example.org")
    role_grant(actor=None, user=user, role=Role.COORDINATOR)
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)

    sign_in_with_password(page, "coordinator@example.org", PASSWORD)
    page.get_by_label("Code").fill(totp_now(device.bin_key))
    page.get_by_role("button", name="Verify").click()

    expect(page).to_have_url(re.compile(r"/cases/inbox/$"))
    expect(page.get_by_role("link", name="Cases")).to_be_visible()
