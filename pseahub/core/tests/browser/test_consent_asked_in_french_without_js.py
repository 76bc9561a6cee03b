"""Issue 11 item 2's browser test: a reporter on a 360 px phone with JavaScript off files in French and answers
the consent questions; a coordinator opens the case page and sees, per purpose, the decision, who gave it, when,
through which channel and how.

The questions are found as the reporter finds them: the group named by its question, in the words the French
interface shows (the catalogue's French once translated; until then its English fall-back), answered with the
French "Oui" / "Non".
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.cases.models import Complaint, Consent, Term
from pseahub.cases.vocabularies import seed_terms
from pseahub.intake.forms import CONSENT_QUESTIONS

from .steps import sign_in_with_totp
from .test_report_in_french_without_js import PHONE, _french, _switch_language

pytestmark = pytest.mark.browser

NARRATIVE = "Un gardien a demandé des faveurs sexuelles contre une carte de ration à Ménaka. Marqueur 5318."


@pytest.fixture(autouse=True)
def _clean_slate(transactional_db: None) -> Iterator[None]:
    cache.clear()  # rate-limit counters live in the cache the live server shares
    seed_terms(Term)  # live-server tests flush the database, seeded vocabularies included
    yield
    cache.clear()


def _question(purpose: str) -> str:
    with translation.override("fr"):
        return str(CONSENT_QUESTIONS[purpose][0])


def test_a_reporter_answers_the_consent_questions_in_french_and_the_coordinator_sees_them(
    new_page, personas, live_server
):
    device = TOTPDevice.objects.create(user=personas.coordinator, name="Phone", confirmed=True)
    what_happened = _french("What happened?")
    it_happened_to_me = _french("It happened to me")
    yes, no = _french("Yes"), _french("No")
    send = _french("Send my report")
    thanks = _french("Thank you. Your report was received.")

    # --- The reporter, on a small phone with JavaScript off, in French.
    reporter = new_page(java_script_enabled=False, viewport=PHONE)
    reporter.goto("/report")
    _switch_language(reporter, "fr")
    expect(reporter.locator("html")).to_have_attribute("lang", "fr")
    reporter.get_by_label(what_happened).fill(NARRATIVE)
    reporter.get_by_label(it_happened_to_me, exact=True).check()
    answers = {"services": yes, "share_identity": no, "statistics": yes}  # the investigation question unanswered
    for purpose, answer in answers.items():
        group = reporter.get_by_role("group", name=_question(purpose))
        expect(group, f"the question about {purpose} is asked").to_be_visible()
        group.get_by_label(answer, exact=True).check()
    with reporter.expect_navigation():
        reporter.get_by_role("button", name=send).click()
    expect(reporter.get_by_role("heading", level=1)).to_have_text(thanks)

    complaint = Complaint.objects.get()
    assert complaint.language == "fr"
    recorded = {c.purpose: (c.decision, c.given_by, c.channel, c.manner) for c in Consent.objects.all()}
    assert recorded == {
        "services": ("given", "survivor", "web", "own_hand"),
        "share_identity": ("refused", "survivor", "web", "own_hand"),
        "statistics": ("given", "survivor", "web", "own_hand"),
    }

    # --- The coordinator signs in and opens the case page: who, when, through which channel, how.
    coordinator = new_page()
    sign_in_with_totp(coordinator, personas.coordinator.email, personas.password, device.bin_key)
    coordinator.goto(f"/cases/{complaint.public_id}/")
    today = timezone.localdate(complaint.received_at).isoformat()
    for purpose, decision in (("services", "Given"), ("share_identity", "Refused"), ("statistics", "Given")):
        shown = coordinator.locator(f"#consent-{purpose} .consent-decision")
        expect(shown).to_contain_text(decision)
        expect(shown).to_contain_text("Given by: The survivor")
        expect(shown).to_contain_text(f"Date: {today}")
        expect(shown).to_contain_text("Through: Web form")
        expect(shown).to_contain_text("How: By the reporter's own hand")
    expect(coordinator.locator("#consent-investigation .consent-decision")).to_have_text("Not asked")
