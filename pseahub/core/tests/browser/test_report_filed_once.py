"""Issue 11, item 1, in a browser: a reporter sends the form, reloads the receipt page, goes back and forward,
and double-clicks the send button: each report is filed once and its receipt is shown once."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from pseahub.cases.models import Complaint, Term
from pseahub.cases.vocabularies import seed_terms

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
THANKS = "Thank you. Your report was received."
ALREADY = "This report was already sent."


@pytest.fixture(autouse=True)
def _clean_slate(transactional_db: None) -> Iterator[None]:
    cache.clear()  # nothing of a report stays in the shared cache between tests
    seed_terms(Term)
    yield
    cache.clear()


def _fill(page, narrative: str) -> None:
    page.goto("/report")
    page.get_by_label("What happened?").fill(narrative)


def test_reload_back_and_double_click_never_file_twice(new_page, personas, live_server):
    page = new_page(viewport=PHONE)
    _fill(page, "A distributor asked for sex in exchange for food. Marker 5150.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my report").click()

    expect(page).to_have_url(f"{live_server.url}/report/receipt")
    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS)
    receipt = re.sub(r"\s", "", page.locator("#receipt").inner_text())
    assert re.fullmatch(r"\d{16}", receipt)
    assert Complaint.objects.count() == 1

    page.reload()
    expect(page.get_by_text(ALREADY)).to_be_visible()
    expect(page.locator("#receipt"), "the receipt is shown once").to_have_count(0)
    assert Complaint.objects.count() == 1, "reloading the receipt page must not file again"

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/report")
    page.go_forward()
    expect(page.locator("#receipt")).to_have_count(0)
    assert Complaint.objects.count() == 1, "going back and forward must not file again"

    # A double click on "send" files one report, and the page the browser keeps still shows its receipt.
    _fill(page, "Second report, sent with a double click. Marker 6160.")
    # The second click may abort the first click's navigation (ERR_ABORTED on a loaded machine), which
    # expect_navigation reports as a failure: poll for the page the browser ends on instead.
    page.get_by_role("button", name="Send my report").dblclick()
    expect(page).to_have_url(re.compile(r"/report/receipt$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS)
    assert Complaint.objects.count() == 2, "a double click must file one report"


def test_follow_my_report_right_after_filing_needs_no_typing(new_page, personas, live_server):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    _fill(page, "Reported without JavaScript. Marker 7170.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my report").click()
    expect(page.locator("#receipt")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Follow my report").click()

    expect(page).to_have_url(f"{live_server.url}/report/status")
    expect(page.locator("#status")).to_be_visible()
