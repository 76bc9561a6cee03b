"""Issue 14 item 2 in a browser: a service provider signs in, opens the services registry from the header, sees
its service is due for verification, marks it verified and sees today's date (and the due mark gone)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import dateformat, timezone, translation
from django.utils.formats import get_format
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pseahub.cases.models import Term
from pseahub.cases.vocabularies import seed_terms
from pseahub.mapping.models import Service
from pseahub.mapping.tests.factories import ServiceFactory, mali_areas

from .steps import sign_in_with_totp

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _clean_slate(transactional_db: None) -> Iterator[None]:
    cache.clear()  # rate-limit counters live in the process-wide cache the live server shares
    seed_terms(Term)
    yield
    cache.clear()


def test_a_provider_verifies_its_service(new_page, personas, live_server):
    service = ServiceFactory(name="Clinique de Sévaré", provider=personas.org_a, areas=[mali_areas()["ML05"]])
    Service.objects.filter(pk=service.pk).update(
        last_verified_at=timezone.now() - dt.timedelta(days=200), verified_by=personas.coordinator
    )
    page = new_page(viewport={"width": 360, "height": 740})
    key = TOTPDevice.objects.create(user=personas.provider, name="Phone", confirmed=True).bin_key
    sign_in_with_totp(page, personas.provider.email, personas.password, key)

    # The landing page says a service needs verifying; the header's mapping page leads to the registry.
    expect(page.locator("#services-due-notice")).to_contain_text("1 service in the registry needs verifying")
    with page.expect_navigation():
        page.get_by_role("link", name="Mapping", exact=True).click()
    with page.expect_navigation():
        page.locator("#mapping-parts").get_by_role("link", name="Services registry").click()
    row = page.locator("#services tr", has_text="Clinique de Sévaré")
    expect(row).to_contain_text("(due)")

    with page.expect_navigation():
        row.get_by_role("link", name="Clinique de Sévaré").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clinique de Sévaré")
    expect(page.locator("#verified")).to_contain_text("(due)")
    with page.expect_navigation():
        page.get_by_role("button", name="Mark as verified today").click()

    with translation.override(personas.provider.language or "en"):
        today = dateformat.format(timezone.localtime(), get_format("DATE_FORMAT"))
    verified = page.locator("#verified")
    expect(verified).to_contain_text(today)
    expect(verified).to_contain_text(personas.provider.display_name)
    expect(verified).not_to_contain_text("(due)")
    expect(page.locator(".messages")).to_contain_text("marked as verified today")
    service.refresh_from_db()
    assert service.verified_by == personas.provider and not service.changed_since_verified
