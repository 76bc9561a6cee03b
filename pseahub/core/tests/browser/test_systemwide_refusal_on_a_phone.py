"""The HQ user imports a country's return file that is refused: the page that lists the problems (a POST's
answer, so not in the page catalogue) fits a 360 px phone and passes axe-core, and lands after the HQ user signs
in on the system-wide view."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.insights.models import CountryReturn

from .steps import sign_in_with_totp
from .test_every_page_on_a_phone import VIEWPORT, _axe_source, _layout_and_axe_problems

pytestmark = pytest.mark.browser


def test_a_refused_file_s_problems_fit_a_phone_and_pass_axe(browser, live_server):
    user = UserFactory(email="hq@example.org")
    role_grant(actor=None, user=user, role=Role.HQ)
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT)
    context.add_init_script(_axe_source())
    page = context.new_page()
    try:
        sign_in_with_totp(page, "hq@example.org", PASSWORD, device.bin_key)
        expect(page).to_have_url(re.compile(r"/insights/systemwide/$"))

        page.goto("/insights/systemwide/import/")
        bad = (
            b'{"format": "pseahub-hq-return", "version": "1.0", "country": "mli",'
            b' "network": "A very long network name that has to wrap on a phone"}'
        )
        upload = {"name": "mli.json", "mimeType": "application/json", "buffer": bad}
        page.set_input_files("input[type=file]", files=[upload])
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Import").click()

        assert navigation.value.status == 400
        expect(page.locator("#problems tbody tr")).to_have_count(2)
        assert _layout_and_axe_problems(page, "en") == []
        assert not CountryReturn.objects.exists()
    finally:
        context.close()
