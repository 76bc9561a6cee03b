"""The language switcher in the header: a plain form (select + "Change") that works without JavaScript."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HOME_TITLE = "Report sexual exploitation and abuse by aid workers"


def _switch_language(page, code: str) -> None:
    switcher = page.locator("form.language-switcher")
    switcher.locator("select").select_option(code)
    # The button's own label is translated, so find it by place rather than by name.
    switcher.locator("button[type=submit]").click()


def _french(msgid: str) -> str:
    """The French for ``msgid`` in our catalogue, or "" when the catalogue is missing or leaves it untranslated."""
    po_path = Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES" / "django.po"
    if not po_path.exists():
        return ""
    entry = polib.pofile(str(po_path)).find(msgid)
    if entry is None or entry.obsolete or "fuzzy" in entry.flags:
        return ""
    return entry.msgstr


def test_it_switches_to_arabic_right_to_left_on_a_small_screen_without_javascript(new_page, live_server):
    page = new_page(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_TITLE)
    expect(page.locator("form.language-switcher button[type=submit]")).to_be_in_viewport()

    _switch_language(page, "ar")

    expect(page).to_have_url(f"{live_server.url}/")  # back where we were
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("#language-select")).to_have_value("ar")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(HOME_TITLE)

    _switch_language(page, "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_it_shows_the_home_page_in_french(page):
    french_title = _french(HOME_TITLE)
    assert french_title, f"locale/fr/LC_MESSAGES/django.po has no French for the home page title {HOME_TITLE!r}"
    assert french_title != HOME_TITLE

    page.goto("/")
    _switch_language(page, "fr")

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(french_title)
    # The choice is remembered for the next page.
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
