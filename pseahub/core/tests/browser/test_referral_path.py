"""Issue 4's browser test of the whole path, every step through the real pages:

operator intake (hotline, French, consents) → coordinator triage and allegation → allegation referral to the
concerned organisation → its focal point acknowledges and records the outcome, while a focal point of another
organisation gets 404 → consented assistance referral accepted by the provider → outcome message → the reporter
reads the status and the outcome with the receipt.

Each person has their own browser context and signs in with password and a current TOTP code (which unlocks
their private key for the session, as in production).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.cases.message_templates import template_text
from pseahub.cases.models import Classification, Complaint, ConsentPurpose, Status, Term
from pseahub.cases.vocabularies import seed_terms
from pseahub.intake.services import reporter_status_text
from pseahub.mapping.tests.factories import ServiceFactory, mali_areas
from pseahub.referrals.models import Referral, ReferralKind, ReferralState

from .steps import sign_in_with_totp

pytestmark = pytest.mark.browser

NARRATIVE = "La survivante dit qu'un agent de distribution d'ALPHA exigeait des relations sexuelles. Marqueur 5512."
SUMMARY = "Une femme adulte signale qu'un agent de distribution a exigé des relations sexuelles contre des vivres."
NEEDS = "Consultation médicale, en français, dans la semaine."


@pytest.fixture(autouse=True)
def _clean_slate(transactional_db: None) -> Iterator[None]:
    # Rate-limit counters live in the process-wide cache, which the live server shares with the tests.
    cache.clear()
    # Live-server tests flush the database between tests, seeded vocabularies included: put them back.
    seed_terms(Term)
    yield
    cache.clear()


def _authenticator(user) -> bytes:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True).bin_key


def _staff_page(new_page, user, password):
    page = new_page()
    sign_in_with_totp(page, user.email, password, _authenticator(user))
    return page


def _submit(page, form, button: str) -> None:
    """Press ``button`` in ``form`` and wait for the page that answers (every form here is a plain POST)."""
    with page.expect_navigation():
        form.get_by_role("button", name=button, exact=True).click()


def _opened(page, summary: str):
    """Open the <details> whose summary is ``summary`` (no JavaScript needed) and return it."""
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    return details


def _assert_ids_unique(page) -> None:
    """Labels find their field by id: with two fields of one id, the second one's label names the first."""
    duplicates = page.evaluate(
        "() => { const seen = new Set(), twice = new Set();"
        " for (const e of document.querySelectorAll('[id]')) { (seen.has(e.id) ? twice : seen).add(e.id); }"
        " return [...twice]; }"
    )
    assert not duplicates, f"{page.url} has several elements with the ids {duplicates}"


def test_a_complaint_goes_from_the_hotline_to_an_outcome_the_reporter_can_read(new_page, personas, live_server):
    areas = mali_areas()
    clinic = ServiceFactory(name="Centre de santé de Sévaré", provider=personas.org_a, areas=[areas["ML05"]])
    elsewhere = ServiceFactory(name="Clinique de Gao", provider=personas.org_b, areas=[areas["ML07"]])

    # --- 1. The operator takes a hotline call in French, records consents and reads the receipt to the caller.
    operator = _staff_page(new_page, personas.operator, personas.password)
    operator.goto("/intake/operator/")
    expect(operator.get_by_role("heading", level=1)).to_have_text("New complaint (hotline or walk-in)")
    operator.get_by_label("Channel").select_option("hotline")
    operator.get_by_label("Language of the caller").select_option("fr")
    operator.get_by_label("What happened?").fill(NARRATIVE)
    operator.get_by_label("Where did it happen? (region)").select_option(label="Mopti")
    operator.get_by_label("Which organisation does the person work for?").select_option(label=str(personas.org_a))
    operator.get_by_label("Female", exact=True).check()
    operator.get_by_label("Age of the person harmed").select_option(label="26–40 years")  # noqa: RUF001
    operator.get_by_label("The survivor", exact=True).check()  # who is calling
    operator.get_by_label("Consent given by").select_option(label="The survivor")
    operator.get_by_label(str(ConsentPurpose.SERVICES.label)).select_option(label="Given")
    operator.get_by_label(str(ConsentPurpose.SHARE_IDENTITY.label)).select_option(label="Given")
    _submit(operator, operator.locator("main form"), "Save and show the receipt")

    expect(operator.get_by_role("heading", level=1)).to_have_text("Complaint saved")
    shown_receipt = operator.locator("#receipt").inner_text().strip()
    assert re.fullmatch(r"\d{16}", re.sub(r"\s", "", shown_receipt)), f"not a 16-digit receipt: {shown_receipt!r}"
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.language) == ("hotline", "fr")
    response = operator.goto(f"/cases/{complaint.public_id}/")
    assert response.status == 404, "the operator loses access to the complaint once it is saved"

    # --- 2. The coordinator triages it and sets the allegation: Alpha Relief, transactional sex.
    coordinator = _staff_page(new_page, personas.coordinator, personas.password)
    coordinator.goto("/cases/inbox/")
    with coordinator.expect_navigation():
        coordinator.get_by_role("link", name=complaint.reference).click()
    case_url = f"{live_server.url}/cases/{complaint.public_id}/"
    expect(coordinator).to_have_url(case_url)
    expect(coordinator.locator("#narrative"), "the coordinator reads the sealed narrative").to_have_text(NARRATIVE)

    triage = coordinator.locator("form", has=coordinator.get_by_role("button", name="Save triage"))
    triage.get_by_label("Classification").select_option(Classification.SEA.value)
    _submit(coordinator, triage, "Save triage")
    expect(coordinator.get_by_text("Triage saved.")).to_be_visible()
    expect(coordinator.locator("#complaint-status")).to_have_text("Triaged")

    # Intake made a first allegation from what the caller said (Alpha Relief); triage adds the type of SEA.
    correct = _opened(coordinator, "Correct this allegation")
    expect(correct.get_by_label("Concerned organisation")).to_have_value(str(personas.org_a.public_id))
    correct.get_by_label("Type of SEA").select_option(label="Transactional sex")
    _submit(coordinator, correct, "Save allegation")
    expect(coordinator.get_by_text("Allegation corrected.")).to_be_visible()
    allegation = complaint.allegations.get()
    assert (allegation.organisation, allegation.sea_type.code) == (personas.org_a, "transactional_sex")

    # Consent recorded at intake shows on the case page.
    for purpose in (ConsentPurpose.SERVICES, ConsentPurpose.SHARE_IDENTITY):
        consent = coordinator.locator(f"#consent-{purpose.value}")
        expect(consent.get_by_role("heading", name=str(purpose.label))).to_be_visible()
        expect(consent).to_contain_text("Given · Given by: The survivor")
        expect(consent).to_contain_text("Through: Hotline · How: Verbal")

    _assert_ids_unique(coordinator)
    refer = _opened(coordinator, f"Refer the allegation to {personas.org_a}")
    refer.get_by_label("What the organisation receives").fill(SUMMARY)
    _submit(coordinator, refer, "Send referral")
    expect(coordinator.get_by_text("Referral sent.")).to_be_visible()
    expect(coordinator.locator("#complaint-status")).to_have_text("Referred")
    referral = Referral.objects.get(kind=ReferralKind.ALLEGATION)
    assert referral.organisation == personas.org_a and referral.state == ReferralState.SENT
    referral_path = f"/referrals/{referral.public_id}/"

    # --- 3. Focal point A acknowledges, then records the outcome and the date the survivor was informed.
    focal_a = _staff_page(new_page, personas.focal_point_a, personas.password)
    focal_a.goto("/referrals/")
    expect(focal_a.get_by_role("heading", level=1)).to_have_text("Referrals to my organisation")
    with focal_a.expect_navigation():
        focal_a.get_by_role("link", name=complaint.reference).click()
    expect(focal_a).to_have_url(f"{live_server.url}{referral_path}")
    expect(focal_a.locator("#shared-summary"), "focal point A reads what was shared").to_have_text(SUMMARY)
    expect(focal_a.get_by_text(NARRATIVE)).to_have_count(0)  # only the summary is shared, not the narrative
    expect(focal_a.locator("#referral-state")).to_have_text("Sent")
    _submit(focal_a, focal_a.locator("main"), "Acknowledge")
    expect(focal_a.get_by_text("Acknowledged.", exact=True)).to_be_visible()
    expect(focal_a.locator("#referral-state")).to_have_text("Acknowledged")

    _assert_ids_unique(focal_a)
    informed_on = timezone.now().date() - dt.timedelta(days=1)  # yesterday in UTC is in the past everywhere
    close = _opened(focal_a, "Record the outcome and close")
    close.get_by_label("Outcome").select_option(label="Substantiated")
    close.get_by_label("Date the survivor was informed").fill(informed_on.isoformat())
    _submit(focal_a, close, "Close")
    expect(focal_a.get_by_text("Closed. The coordinator was notified.")).to_be_visible()
    expect(focal_a.locator("#referral-state")).to_have_text("Closed")
    expect(focal_a.locator("#referral-outcome")).to_have_text("Substantiated")
    referral.refresh_from_db()
    assert referral.state == ReferralState.CLOSED
    assert (referral.outcome.code, referral.survivor_informed_on) == ("substantiated", informed_on)

    # --- 4. A focal point of another organisation cannot see that the referral exists.
    focal_b = _staff_page(new_page, personas.focal_point_b, personas.password)
    response = focal_b.goto(referral_path)
    assert response.status == 404, f"focal point B got {response.status} on org A's referral, not 404"
    focal_b.goto("/referrals/?all=1")
    expect(focal_b.get_by_role("link", name=complaint.reference)).to_have_count(0)

    # --- 5. The coordinator refers the survivor (who consented) to a mapped service; the provider accepts.
    coordinator.goto(case_url)
    expect(coordinator.locator("#referrals")).to_be_visible()
    panel = coordinator.locator("table", has=coordinator.get_by_role("columnheader", name="Outcome"))
    expect(panel.get_by_role("row", name=re.compile("Allegation"))).to_contain_text("Substantiated")
    assistance = _opened(coordinator, "Refer the survivor to a service")
    service = assistance.get_by_label("Service")
    expect(service.locator("option", has_text=clinic.name)).to_have_count(1)
    expect(service.locator("option", has_text=elsewhere.name), "a service elsewhere is not offered").to_have_count(0)
    service.select_option(str(clinic.public_id))
    assistance.get_by_label("What the provider needs to know").fill(NEEDS)
    _submit(coordinator, assistance, "Send assistance referral")
    expect(coordinator.get_by_text("Assistance referral sent.")).to_be_visible()
    help_referral = Referral.objects.get(kind=ReferralKind.ASSISTANCE)
    assert help_referral.service == clinic and help_referral.state == ReferralState.SENT

    provider = _staff_page(new_page, personas.provider, personas.password)
    provider.goto("/referrals/")
    expect(provider.get_by_role("row", name=re.compile(clinic.name))).to_be_visible()
    with provider.expect_navigation():
        provider.get_by_role("link", name=complaint.reference).click()
    expect(provider).to_have_url(f"{live_server.url}/referrals/{help_referral.public_id}/")
    expect(provider.locator("#shared-summary")).to_have_text(NEEDS)
    _submit(provider, provider.locator("main"), "Accept")
    expect(provider.get_by_text("Accepted.", exact=True)).to_be_visible()
    expect(provider.locator("#referral-state")).to_have_text("Acknowledged")
    help_referral.refresh_from_db()
    assert help_referral.state == ReferralState.ACKNOWLEDGED, "the provider's acceptance should be recorded"

    # --- 6. The coordinator tells the reporter the outcome, starting from the template in the reporter's language.
    coordinator.goto(case_url)
    coordinator.get_by_label("Start from a template (in the reporter's language)").select_option(
        "outcome_substantiated"
    )
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Use", exact=True).click()
    outcome_message = template_text("outcome_substantiated", "fr")
    message = coordinator.get_by_label("Message to the reporter")
    expect(message).to_have_value(outcome_message)
    _submit(coordinator, coordinator.locator("form#message"), "Send message")
    expect(coordinator.get_by_text("Message sent. The reporter will see it with the receipt code.")).to_be_visible()

    # --- 7. The reporter follows the report with the receipt read out on the phone.
    reporter = new_page()
    reporter.goto("/report/follow")
    reporter.get_by_label("Your receipt code").fill(shown_receipt)
    _submit(reporter, reporter.locator("main form"), "Open my report")
    expect(reporter).to_have_url(f"{live_server.url}/report/status")
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    with translation.override("en"):
        status_text = reporter_status_text(complaint)
    expect(reporter.locator("#status"), "the reporter sees where the complaint stands").to_have_text(status_text)
    expect(reporter.locator(".msg", has_text=outcome_message), "the reporter reads the outcome message").to_be_visible()
