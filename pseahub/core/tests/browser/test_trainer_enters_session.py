"""Issue 16 (trainings) in a browser: a trainer — the focal point of Alpha Relief, recording its organisation's
session — signs in, opens the trainings from the partners page, records a session, enters three participants with
pre- and post-test scores in the grid (one named, with consent), sees the average gain, and downloads the named
participant's certificate (a PDF)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.cases.models import Term
from pseahub.cases.vocabularies import seed_terms
from pseahub.mapping.tests.factories import mali_areas
from pseahub.partners.models import TrainingParticipant, TrainingSession

from .steps import sign_in_with_totp

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _clean_slate(transactional_db: None) -> Iterator[None]:
    cache.clear()  # rate-limit counters live in the process-wide cache the live server shares
    seed_terms(Term)
    yield
    cache.clear()


def test_a_trainer_enters_a_session_with_test_scores(new_page, personas, live_server):
    mali_areas()
    page = new_page(viewport={"width": 360, "height": 740})
    key = TOTPDevice.objects.create(user=personas.focal_point_a, name="Phone", confirmed=True).bin_key
    sign_in_with_totp(page, personas.focal_point_a.email, personas.password, key)

    with page.expect_navigation():
        page.get_by_role("link", name="Partners", exact=True).click()
    with page.expect_navigation():
        page.locator("#partners-parts").get_by_role("link", name="Trainings").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Record a session").click()

    page.get_by_label("Topic").select_option(label="PSEA for focal points")
    page.get_by_label("Date").fill("2026-03-12")
    page.get_by_label("Place").fill("Base humanitaire, Sévaré")
    page.get_by_label("Area (admin-1)").select_option(label="Mopti (ML05)")
    page.get_by_label("Trainers").fill("Équipe PSEA d'Alpha")
    expect(page.get_by_label("Organiser")).to_have_value(str(personas.org_a.pk))  # its own, chosen already
    with page.expect_navigation():
        page.get_by_role("button", name="Record").click()

    # The grid: ten blank rows; three filled, the first with the participant's consent to record a name.
    expect(page.get_by_role("heading", level=1)).to_have_text("Participants")
    rows = [
        ("female", "focal_point", "Aminata Coulibaly", "40", "75"),
        ("male", "cfm_staff", "", "55", "70"),
        ("female", "manager", "", "62", "90"),
    ]
    for index, (sex, role, name, pre, post) in enumerate(rows):
        page.locator(f"[name='p-{index}-organisation']").select_option(str(personas.org_a.pk))
        page.locator(f"[name='p-{index}-sex']").select_option(sex)
        page.locator(f"[name='p-{index}-role']").select_option(role)
        if name:
            page.locator(f"[name='p-{index}-name_consent']").check()
            page.locator(f"[name='p-{index}-name']").fill(name)
            page.locator(f"[name='p-{index}-language']").select_option("fr")
        page.locator(f"[name='p-{index}-pre_score']").fill(pre)
        page.locator(f"[name='p-{index}-post_score']").fill(post)
        page.locator(f"[name='p-{index}-completed']").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the participants").click()

    # (35 + 15 + 28) / 3 = 26.0 points.
    expect(page.locator("#scores")).to_contain_text("Average gain: 26.0 points (3 participants tested")
    expect(page.locator("#participants tbody tr")).to_have_count(3)
    with page.expect_download() as download_info:
        page.locator("#participants").get_by_role("link", name="Certificate (PDF, French)").click()
    path = download_info.value.path()
    assert path is not None
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    session = TrainingSession.objects.get()
    assert session.organiser == personas.org_a and session.created_by == personas.focal_point_a
    assert list(TrainingParticipant.objects.exclude(name="").values_list("name", flat=True)) == ["Aminata Coulibaly"]
