"""Issue 14 in a browser: a focal point signs in, opens its organisation's complaint and feedback mechanism,
changes its hours and status, saves, and sees the change with the "changed since verified" mark."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.cases.models import Term
from pseahub.cases.vocabularies import seed_terms
from pseahub.mapping.models import FeedbackMechanism
from pseahub.mapping.tests.factories import FeedbackMechanismFactory, mali_areas

from .steps import sign_in_with_totp

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _clean_slate(transactional_db: None) -> Iterator[None]:
    cache.clear()  # rate-limit counters live in the process-wide cache the live server shares
    seed_terms(Term)
    yield
    cache.clear()


def test_a_focal_point_updates_its_channel(new_page, personas, live_server):
    mechanism = FeedbackMechanismFactory(
        name="Ligne verte Alpha",
        organisation=personas.org_a,
        areas=[mali_areas()["ML05"]],
        days_hours="Lun–ven 8:00–16:00",  # noqa: RUF001
    )
    FeedbackMechanism.objects.filter(pk=mechanism.pk).update(
        last_verified_at=timezone.now(), verified_by=personas.coordinator
    )
    page = new_page(viewport={"width": 360, "height": 740})
    key = TOTPDevice.objects.create(user=personas.focal_point_a, name="Phone", confirmed=True).bin_key
    sign_in_with_totp(page, personas.focal_point_a.email, personas.password, key)

    with page.expect_navigation():
        page.get_by_role("link", name="Mapping", exact=True).click()
    with page.expect_navigation():
        page.locator("#mapping-parts").get_by_role("link", name="Complaint and feedback mechanisms").click()
    with page.expect_navigation():
        page.locator("#mechanisms").get_by_role("link", name="Ligne verte Alpha").click()
    expect(page.locator("#verified")).not_to_contain_text("changed since verified")

    form = page.locator("form[aria-labelledby=edit]")
    form.get_by_role("textbox", name="Days and hours").fill("7 j/7, 8:00–20:00")  # noqa: RUF001
    form.get_by_label("Status").select_option("suspended")
    with page.expect_navigation():
        form.get_by_role("button", name="Save").click()

    expect(page.locator(".messages")).to_contain_text("The mechanism was updated.")
    details = page.locator("#mechanism")
    expect(details).to_contain_text("7 j/7, 8:00–20:00")  # noqa: RUF001
    expect(details).to_contain_text("Suspended")
    expect(page.locator("#verified")).to_contain_text("changed since verified")
    mechanism.refresh_from_db()
    assert mechanism.status == "suspended" and mechanism.changed_since_verified
