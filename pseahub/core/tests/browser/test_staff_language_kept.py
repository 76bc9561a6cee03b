"""A staff member's language is their own: from a browser that asks for English, the code page and the work page
are in the profile's language (right to left for Arabic); switched from the header, by keyboard and without
JavaScript, the new language is kept for the next sign-in on another device."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.accounts.models import Role, User
from pseahub.accounts.services import backup_codes_generate, role_grant
from pseahub.accounts.tests.factories import PASSWORD, UserFactory

from .steps import totp_now

pytestmark = pytest.mark.browser

EMAIL = "awa.coordinator@example.org"
BROWSER = {"locale": "en-GB", "java_script_enabled": False, "viewport": {"width": 360, "height": 740}}


def _translated(language: str, msgid: str) -> str:
    entry = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po")).find(msgid)
    assert entry is not None and entry.msgstr and "fuzzy" not in entry.flags, (language, msgid)
    return entry.msgstr


def _expect_language(page, language: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")


def _password_step(page) -> None:
    page.goto("/accounts/login/")
    _expect_language(page, "en")  # the sign-in page follows the browser
    page.locator("input[name=username]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _second_step(page, code: str) -> None:
    page.locator("input[name=token]").fill(code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _switch_by_keyboard(page, language: str) -> None:
    switch = page.locator("form.language-switcher")
    switch.locator("select").select_option(language)
    switch.locator("select").focus()
    page.keyboard.press("Tab")
    expect(switch.locator("button[type=submit]")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize(("profile", "switched"), [("ar", "fr"), ("fr", "ar")])
def test_the_profile_language_applies_from_the_code_page_on_and_a_switch_is_kept(new_page, profile, switched):
    user = UserFactory(email=EMAIL, language=profile)
    role_grant(actor=None, user=user, role=Role.COORDINATOR)
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    backup_code = backup_codes_generate(user=user)[0]

    page = new_page(**BROWSER)
    _password_step(page)

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    _expect_language(page, profile)
    expect(page.get_by_role("heading", level=1)).to_have_text(_translated(profile, "Two-step verification"))

    _second_step(page, totp_now(device.bin_key))

    expect(page).to_have_url(re.compile(r"/cases/inbox/$"))
    _expect_language(page, profile)
    expect(page.get_by_role("link", name=_translated(profile, "My account"))).to_be_visible()

    _switch_by_keyboard(page, switched)

    expect(page).to_have_url(re.compile(r"/cases/inbox/$"))  # back where we were
    _expect_language(page, switched)
    expect(page.get_by_role("link", name=_translated(switched, "My account"))).to_be_visible()
    assert User.objects.get(email=EMAIL).language == switched

    # Another browser, still asking for English, with none of the first one's cookies.
    other = new_page(**BROWSER)
    _password_step(other)
    _expect_language(other, switched)
    expect(other.get_by_role("heading", level=1)).to_have_text(_translated(switched, "Two-step verification"))
    _second_step(other, backup_code)  # the app's code was just used once

    expect(other).to_have_url(re.compile(r"/cases/inbox/$"))
    _expect_language(other, switched)
    expect(other.get_by_role("link", name=_translated(switched, "My account"))).to_be_visible()
