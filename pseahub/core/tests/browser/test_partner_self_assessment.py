"""Issue 16 item 2-3 in a browser: a partner's focal point signs in, opens its organisation's self-assessment from
the header's Partners page and the register, answers the six standards, uploads a code of conduct for the first
standard (sealed), and submits it to the lead agency, on a phone-sized screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.cases.models import Term
from pseahub.cases.vocabularies import seed_terms
from pseahub.network.models import OrganisationType
from pseahub.partners import assessments as svc
from pseahub.partners.assessment_tools import ensure_builtin
from pseahub.partners.models import AssessmentEvidence, AssessmentState, CapacityTool, PartnerAssessment

from .steps import sign_in_with_totp

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _clean_slate(transactional_db: None) -> Iterator[None]:
    cache.clear()
    seed_terms(Term)
    ensure_builtin()
    yield
    cache.clear()


def test_a_partner_completes_its_self_assessment_with_evidence(new_page, personas, live_server, tmp_path: Path):
    personas.org_b.type = OrganisationType.UN_AGENCY
    personas.org_b.save()
    tool = CapacityTool.objects.get(code="unicef-six-standards")
    assessment = svc.assessment_create(
        actor=personas.focal_point_b, partner=personas.org_a, lead_agency=personas.org_b, tool=tool,
        type="un_common", reason="new_partner",
    )  # fmt: skip
    standards = list(tool.standards.all())
    document = tmp_path / "code-de-conduite.pdf"
    document.write_bytes(PDF)

    page = new_page(viewport={"width": 360, "height": 740})
    key = TOTPDevice.objects.create(user=personas.focal_point_a, name="Phone", confirmed=True).bin_key
    sign_in_with_totp(page, personas.focal_point_a.email, personas.password, key)

    with page.expect_navigation():
        page.get_by_role("link", name="Partners", exact=True).click()
    with page.expect_navigation():
        page.locator("#partners-parts").get_by_role("link", name="Partners' PSEA capacity assessments").click()
    row = page.locator("#register tr", has_text=personas.org_a.name)
    with page.expect_navigation():
        row.get_by_role("link", name="Draft (partner's self-assessment)").click()
    expect(page.locator("#assessment-state")).to_have_text("Draft (partner's self-assessment)")

    # Five standards adequate, one progressing: 3 * 5 + 2 = 17, full capacity by the UNICEF thresholds.
    for index, standard in enumerate(standards):
        choice = "Progressing" if index == 5 else "Adequate"
        page.locator(f"#id_score_{standard.pk}").get_by_label(choice, exact=True).check()
    page.locator(f"#id_comment_{standards[0].pk}").fill("Code de conduite signé par tout le personnel.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the answers").click()
    expect(page.locator("#assessment-score")).to_contain_text("Score from the answers: 17")
    expect(page.locator("#assessment-score")).to_contain_text("Full capacity (low risk)")

    page.locator("#id_standard").select_option(label=standards[0].display_name())
    page.locator("#id_kind").select_option(label="Code of conduct")
    page.locator("#id_file").set_input_files(str(document))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and seal").click()
    expect(page.locator(".messages")).to_contain_text("sealed and attached")
    # The partner's key is unlocked by the sign-in: it reads its own sealed document's name.
    expect(page.locator(f"#standard-{standards[0].code}")).to_contain_text("code-de-conduite.pdf")

    with page.expect_navigation():
        page.get_by_role("button", name="Submit the self-assessment").click()
    expect(page.locator("#assessment-state")).to_have_text("Submitted for review")
    expect(page.get_by_role("button", name="Save the answers")).to_have_count(0)

    assessment.refresh_from_db()
    assert (assessment.state, assessment.score, assessment.rating) == (AssessmentState.SUBMITTED, 17, "full")
    evidence = AssessmentEvidence.objects.get(assessment=assessment)
    assert evidence.standard == standards[0] and PDF not in bytes(evidence.sealed_file.ciphertext)
    assert PartnerAssessment.objects.count() == 1
