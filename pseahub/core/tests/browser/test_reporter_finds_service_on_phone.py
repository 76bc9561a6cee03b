"""Issue 14 item 6's browser test: an anonymous visitor on a 360 by 740 phone, without JavaScript, opens the
public home, follows the link to the directory, filters by their area and finds a health service with its
phone — the page never scrolls sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pseahub.mapping.models import ServiceType
from pseahub.mapping.tests.factories import FeedbackMechanismFactory, ServiceFactory, mali_areas

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 360, "height": 740}
PHONE = "+223 76 41 22 90"


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= VIEWPORT["width"], f"{page.url} is {width}px wide"


def test_a_reporter_finds_a_health_service_near_them_on_a_phone(new_page):
    areas = mali_areas()
    ServiceFactory(
        name="Centre de santé de référence de Bandiagara, consultations confidentielles gratuites",
        type=ServiceType.HEALTH, areas=[areas["ML0501"]], contact_phone=PHONE,
        contact_email="consultations.confidentielles@csref-bandiagara.example.org",
        address="Quartier administratif, à côté de la mairie de Bandiagara",
    )  # fmt: skip
    ServiceFactory(name="Clinique de Gao", type=ServiceType.HEALTH, areas=[areas["ML07"]], contact_phone="+223 1")
    ServiceFactory(name="Aide juridique Mopti", type=ServiceType.LEGAL, areas=[areas["ML05"]])
    FeedbackMechanismFactory(
        name="Ligne verte Mopti", areas=[areas["ML05"]], contact="80 00 11 22", is_listed=True,
        published_fields=["contact"],
    )  # fmt: skip
    page = new_page(viewport=VIEWPORT, java_script_enabled=False)

    page.goto("/")
    _no_sideways_scroll(page)
    with page.expect_navigation():
        page.locator(".public-help a[href='/directory/']").click()
    expect(page).to_have_url(re.compile(r"/directory/$"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    _no_sideways_scroll(page)

    page.get_by_label("Area").select_option("ML0501")
    page.get_by_label("Type of help").select_option("health")
    with page.expect_navigation():
        page.get_by_role("button", name="Show", exact=True).click()

    expect(page).to_have_url(re.compile(r"/directory/\?.*area=ML0501"))
    services = page.locator("#services")
    service = services.locator("article", has_text="Centre de santé de référence de Bandiagara")
    expect(service).to_be_visible()
    expect(service.get_by_role("link", name=PHONE)).to_have_attribute("href", "tel:+22376412290")
    expect(services).not_to_contain_text("Clinique de Gao")
    expect(services).not_to_contain_text("Aide juridique Mopti")
    expect(page.locator("#mechanisms")).to_contain_text("80 00 11 22")  # the district is in the region it covers
    _no_sideways_scroll(page)
