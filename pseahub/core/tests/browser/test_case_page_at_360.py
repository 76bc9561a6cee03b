"""Issue 11 (items 7, 11, 12): the coordinator's inbox and a case page at 360 px with JavaScript off fit the
screen (nothing scrolls sideways) and the case page shows its sections, with the summary at the top."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.accounts.services import user_private_key_unlock
from pseahub.cases.models import Term
from pseahub.cases.record import perpetrator_add, survivor_add
from pseahub.cases.services import (
    ComplaintInput,
    allegation_add,
    complaint_create,
    complaint_triage,
    message_to_reporter,
)
from pseahub.cases.vocabularies import seed_terms
from pseahub.referrals.services import allegation_refer

from .steps import sign_in_with_totp

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "java_script_enabled": False}
# A narrative with a long unbroken word and a long line: neither may push the page wider than the phone.
LONG = "Sansespace" * 12
NARRATIVE = f"Un agent demande de l'argent. {LONG}\n" + "ligne " * 80

# The case page's sections (id: its heading; the summary and the consent include have their own).
SECTIONS = {
    "summary": "Summary",
    "details": "Details",
    "intake": "Intake facts",
    "reported": "What was reported",
    "triage": "Triage",
    "survivors": "Survivors",
    "perpetrators": "Alleged perpetrators",
    "allegations": "Allegations",
    "consent": None,
    "referrals": "Referrals",
    "exclusions": "Implicated people",
    "closure": "Closure",
    "messages": "Messages with the reporter",
}
WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"
WIDEST = (
    "() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)"
    ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    ".slice(0, 10)"
)


@pytest.fixture(autouse=True)
def _clean_slate(transactional_db: None) -> Iterator[None]:
    cache.clear()  # the live server shares the process-wide cache (rate limits)
    seed_terms(Term)  # live-server tests flush the database, seeded vocabularies included
    yield
    cache.clear()


def _fits(page) -> None:
    scroll_width, inner_width = page.evaluate(WIDTH)
    too_wide = page.evaluate(WIDEST)
    assert scroll_width <= inner_width, f"{page.url} is {scroll_width} px wide at {inner_width} px: {too_wide}"


def test_the_inbox_and_a_case_page_fit_a_phone_without_javascript(new_page, personas):
    complaint = complaint_create(
        actor=None,
        data=ComplaintInput(
            channel="web",
            narrative=NARRATIVE,
            involves_child=True,
            survivor_sex="female",
            reported_organisation=personas.org_a,
            location_detail=LONG,
            organisation_text=LONG,
            perpetrator_description=LONG,
            complainant_type="survivor",
            contact_method="phone",
            reporter_name=LONG,
            reporter_contact="someone.with.a.very.long.address@" + LONG + ".example.org",
        ),
    ).complaint
    coordinator = personas.coordinator
    complaint_triage(
        actor=coordinator,
        complaint=complaint,
        classification="sea",
        complainant_type="survivor",
        is_urgent=True,
        involves_child=True,
    )
    allegation = allegation_add(
        actor=coordinator,
        complaint=complaint,
        organisation=personas.org_b,
        personnel_category=None,
        sea_type=None,
        perpetrator_description=LONG,
    )
    allegation_refer(
        actor=coordinator,
        allegation=allegation,
        summary=LONG,
        share_identity=False,
        actor_private=user_private_key_unlock(user=coordinator, password=personas.password),
    )
    message_to_reporter(actor=coordinator, complaint=complaint, body=f"Bonjour {LONG}")
    survivor_add(
        actor=coordinator,
        complaint=complaint,
        sex="male",
        age_group=None,
        is_child=True,
        disability="unknown",
        displacement=None,
        name=LONG,
        contact=LONG,
    )
    perpetrator_add(actor=coordinator, complaint=complaint, organisation=personas.org_b, name=LONG, description=LONG)
    waiting = complaint_create(
        actor=None, data=ComplaintInput(channel="hotline", narrative="Nouveau.", involves_child=True)
    ).complaint
    device = TOTPDevice.objects.create(user=personas.coordinator, name="Phone", confirmed=True)
    page = new_page(**PHONE)
    sign_in_with_totp(page, personas.coordinator.email, personas.password, device.bin_key)

    page.goto("/cases/")
    _fits(page)
    page.goto("/cases/inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("New complaints to triage")
    row = page.locator("#inbox-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(waiting.reference)
    # On a phone each row is a card whose cells name their column.
    label = "() => getComputedStyle(document.querySelector('#inbox-table td[data-label]'), '::before').content"
    assert page.evaluate(label) == '"Age: "'
    _fits(page)
    page.get_by_label("Find a complaint by its reference").fill(complaint.reference)
    with page.expect_navigation():
        page.get_by_role("button", name="Find", exact=True).click()
    _fits(page)
    with page.expect_navigation():
        page.get_by_role("link", name=complaint.reference).click()

    expect(page.locator("#narrative")).to_contain_text("Un agent demande")
    _fits(page)
    toc = page.get_by_role("navigation", name="On this page")
    for section, heading in SECTIONS.items():
        expect(page.locator(f"section#{section}, aside#{section}").first).to_be_visible()
        expect(toc.locator(f'a[href="#{section}"]')).to_have_count(1)
        if heading:
            expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()
    summary = page.locator("#summary")
    expect(summary.locator("#complaint-status")).to_have_text("Referred")
    expect(summary).to_contain_text("urgent safety risk")
    expect(summary).to_contain_text("Acknowledgement by BETA")
    # On a phone the summary is an ordinary block at the top: it scrolls away with the page.
    assert page.evaluate("() => getComputedStyle(document.querySelector('#summary')).position") == "static"
    # The allegation is referred to Beta Aid and the referral is open: no "refer" again.
    expect(page.get_by_text("Refer the allegation to Beta")).to_have_count(0)
    expect(page.get_by_text("Refer the allegation to Alpha")).to_have_count(1)  # intake's allegation: not yet
    expect(page.locator("#referrals")).to_contain_text("The allegation is referred to Beta Aid")
    # Every survivor and perpetrator listed, and every form of the record opened, still fits the phone.
    expect(page.locator("#survivors .card")).to_have_count(2)
    expect(page.locator("#perpetrators")).to_contain_text(LONG)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    _fits(page)


def test_the_summary_stays_in_view_on_a_wide_screen(new_page, personas):
    complaint = complaint_create(actor=None, data=ComplaintInput(channel="web", narrative="Texte.")).complaint
    device = TOTPDevice.objects.create(user=personas.coordinator, name="Phone", confirmed=True)
    page = new_page(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    sign_in_with_totp(page, personas.coordinator.email, personas.password, device.bin_key)

    page.goto(f"/cases/{complaint.public_id}/#messages")

    assert page.evaluate("() => getComputedStyle(document.querySelector('#summary')).position") == "sticky"
    expect(page.locator("#summary")).to_be_in_viewport()
