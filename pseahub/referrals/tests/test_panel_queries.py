"""The referral panels on the coordinator's case page and keys page get their data from the view (the provider
registered in ``apps.py`` runs every query); the panel templates render it without a single query, so nothing
hides a query per row in a template tag."""

from __future__ import annotations

from html import unescape

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from pseahub.cases.panels import case_page_panels, keys_page_panels
from pseahub.cases.services import user_exclude
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.services import referral_acknowledge

from .helpers import refer, refer_assistance, sea_complaint


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _rendered_without_queries(panel) -> str:
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string(panel.template, {"panel": panel.context, "csrf_token": "token"})
    assert [query["sql"] for query in queries.captured_queries] == []
    return html


@pytest.mark.django_db
def test_the_case_page_panel_renders_without_queries(personas):
    complaint = sea_complaint(personas, consents=("services",))
    referral = refer(personas, complaint)
    referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    refer_assistance(personas, complaint, ServiceFactory(provider=personas.org_a, name="Clinic Nord"))
    user_exclude(actor=personas.coordinator, complaint=complaint, user=personas.focal_point_b)

    (panel,) = case_page_panels(_request(personas.coordinator), complaint)
    html = _rendered_without_queries(panel)

    page = unescape(html)
    assert "Acknowledged" in page and "Clinic Nord" in page
    assert personas.focal_point_b.display_name in page  # the exclusions list
    assert "Send assistance referral" in page and "Close the complaint" in page


@pytest.mark.django_db
def test_the_keys_page_panel_renders_without_queries(personas):
    referral = refer(personas, sea_complaint(personas))
    referral.keyring.grants.filter(user=personas.focal_point_a).delete()

    (panel,) = keys_page_panels(_request(personas.coordinator))
    html = _rendered_without_queries(panel)

    assert "1 open referral has a recipient who cannot open it." in unescape(html)
