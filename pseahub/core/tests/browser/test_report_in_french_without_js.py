"""Issue 3's browser test: a reporter files in French with JavaScript off on a 360 px phone and gets a receipt;
the coordinator sees the complaint, triages it and writes back; the reporter reads the answer with the receipt.

The reporter's context has JavaScript disabled for the whole test, so every step they take (language switcher,
report form, follow-up form) must work as plain HTML forms. The coordinator uses a separate, ordinary context.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.cases.models import Classification, Complaint, Status, Term
from pseahub.cases.vocabularies import seed_terms
from pseahub.intake.services import reporter_status_text

from .steps import sign_in_with_totp

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
NARRATIVE = "Un distributeur a demandé des faveurs sexuelles contre des rations au site de Sévaré. Marqueur 4711."
PLACE = "Site de Sévaré, bloc C"
MESSAGE = "Merci pour votre signalement. Nous le traitons en toute confidentialité. Marqueur 9093."


@pytest.fixture(autouse=True)
def _clean_slate(transactional_db: None) -> Iterator[None]:
    # Rate-limit counters live in the process-wide cache, which the live server shares with the tests.
    cache.clear()
    # Live-server tests flush the database between tests, seeded vocabularies included: put them back.
    seed_terms(Term)
    yield
    cache.clear()


def _french(english: str) -> str:
    """What the French interface shows for ``english``; fails when the French catalogue does not have it."""
    with translation.override("fr"):
        french = gettext(english)
    assert french != english, (
        f"no French for {english!r} in the compiled catalogue (locale/fr): translate it and run compiletranslations"
    )
    return french


def _switch_language(page, code: str) -> None:
    """Use the header's language switcher: a plain form (select + submit), no JavaScript needed."""
    switcher = page.locator("form.language-switcher")
    switcher.locator("select").select_option(code)
    with page.expect_navigation():
        # The button's label is translated, so find it by its place rather than its name.
        switcher.locator("button[type=submit]").click()


def test_reporter_files_in_french_without_javascript_and_reads_the_coordinators_answer(new_page, personas, live_server):
    device = TOTPDevice.objects.create(user=personas.coordinator, name="Phone", confirmed=True)
    report_heading = _french("Report sexual exploitation or abuse")
    what_happened = _french("What happened?")
    place = _french("Place")
    female = _french("Female")
    send = _french("Send my report")
    thanks = _french("Thank you. Your report was received.")
    follow_heading = _french("Follow your report")
    open_report = _french("Open my report")
    receipt_label = _french("Your receipt code")
    from_coordinator = _french("From the PSEA coordinator")

    # --- The reporter, on a small phone with JavaScript off, switches to French and files a report.
    reporter = new_page(java_script_enabled=False, viewport=PHONE)
    reporter.goto("/report")
    expect(reporter.locator("html")).to_have_attribute("lang", "en")
    _switch_language(reporter, "fr")
    expect(reporter).to_have_url(f"{live_server.url}/report")
    expect(reporter.locator("html")).to_have_attribute("lang", "fr")
    expect(reporter.get_by_role("heading", level=1)).to_have_text(report_heading)
    expect(reporter.get_by_label(what_happened)).to_be_visible()

    reporter.get_by_label(what_happened).fill(NARRATIVE)
    reporter.get_by_label(place).fill(PLACE)
    reporter.get_by_label(female, exact=True).check()
    with reporter.expect_navigation():
        reporter.get_by_role("button", name=send).click()

    expect(reporter.get_by_role("heading", level=1)).to_have_text(thanks)
    shown_receipt = reporter.locator("#receipt").inner_text().strip()
    receipt = re.sub(r"\s", "", shown_receipt)
    assert re.fullmatch(r"\d{16}", receipt), f"the receipt page should show 16 digits, not {shown_receipt!r}"

    complaint = Complaint.objects.get()
    assert complaint.language == "fr", "a report filed in French should be recorded as French"

    # --- The coordinator signs in (password + TOTP), finds it in the inbox and opens it.
    coordinator = new_page()
    sign_in_with_totp(coordinator, personas.coordinator.email, personas.password, device.bin_key)
    coordinator.goto("/cases/inbox/")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("New complaints to triage")
    link = coordinator.get_by_role("link", name=complaint.reference)
    expect(link).to_be_visible()
    with coordinator.expect_navigation():
        link.click()
    expect(coordinator).to_have_url(f"{live_server.url}/cases/{complaint.public_id}/")
    expect(coordinator.locator("#narrative"), "the coordinator reads the unsealed narrative").to_have_text(NARRATIVE)
    expect(coordinator.get_by_text(PLACE)).to_be_visible()

    # Triage: it is about sexual exploitation.
    triage = coordinator.locator("form", has=coordinator.get_by_role("button", name="Save triage"))
    triage.get_by_label("Classification").select_option(Classification.SEA.value)
    with coordinator.expect_navigation():
        triage.get_by_role("button", name="Save triage").click()
    expect(coordinator.get_by_text("Triage saved.")).to_be_visible()
    expect(coordinator.locator("#complaint-status")).to_have_text("Triaged")
    complaint.refresh_from_db()
    assert complaint.classification == Classification.SEA, "triage should classify the complaint as SEA"
    assert complaint.status == Status.TRIAGED
    coordinator.goto("/cases/inbox/")
    expect(
        coordinator.get_by_role("link", name=complaint.reference), "a triaged complaint leaves the inbox"
    ).to_have_count(0)

    # A message to the reporter, in French as the reporter wrote.
    coordinator.goto(f"/cases/{complaint.public_id}/")
    coordinator.get_by_label("Message to the reporter").fill(MESSAGE)
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Send message").click()
    expect(coordinator.get_by_text("Message sent. The reporter will see it with the receipt code.")).to_be_visible()
    expect(coordinator.get_by_text(MESSAGE)).to_be_visible()

    # --- The reporter, still without JavaScript, follows the report with the receipt and reads the answer.
    reporter.goto("/report/follow")
    expect(reporter.locator("html")).to_have_attribute("lang", "fr")
    expect(reporter.get_by_role("heading", level=1)).to_have_text(follow_heading)
    reporter.get_by_label(receipt_label).fill(shown_receipt)
    with reporter.expect_navigation():
        reporter.get_by_role("button", name=open_report).click()
    expect(reporter).to_have_url(f"{live_server.url}/report/status")
    with translation.override("fr"):
        status_text = reporter_status_text(complaint)
    expect(reporter.locator("#status")).to_have_text(status_text)
    answer = reporter.locator(".msg", has_text=MESSAGE)
    expect(answer, "the reporter reads the coordinator's message with the receipt").to_be_visible()
    expect(answer).to_contain_text(from_coordinator)


def test_the_report_page_in_french_does_not_scroll_sideways_on_a_360_px_screen(new_page):
    # JavaScript is needed to measure the page, so this uses a JavaScript-enabled context of the same size.
    page = new_page(viewport=PHONE)
    page.goto("/report")
    _switch_language(page, "fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    for path in ("/report", "/report/follow"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide in French on a {PHONE['width']} px screen"
