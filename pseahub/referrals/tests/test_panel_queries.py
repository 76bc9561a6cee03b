"""The referral panels on the coordinator's case page and keys page get their data from the view (the provider
registered in ``apps.py`` runs every query); the panel templates render it without a single query, so nothing
hides a query per row in a template tag."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from pseahub.cases.panels import case_page_panels, keys_page_panels
from pseahub.cases.services import user_exclude
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.services import (
    referral_acknowledge,
    referral_investigation_record,
    referral_service_delivered,
    referral_survivor_informed,
)

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
def test_what_the_recipients_recorded_renders_without_queries(personas):
    complaint = sea_complaint(personas, consents=("services",))
    allegation = refer(personas, complaint)
    referral_acknowledge(actor=personas.focal_point_a, referral=allegation)
    referral_investigation_record(
        actor=personas.focal_point_a,
        referral=allegation,
        investigating_entity="oios",
        investigation_started_on=dt.date(2026, 1, 5),
        investigation_ended_on=dt.date(2026, 1, 15),
        action_taken="dismissal",
    )
    referral_survivor_informed(actor=personas.focal_point_a, referral=allegation, informed_on=dt.date(2026, 1, 16))
    assistance = refer_assistance(personas, complaint, ServiceFactory(provider=personas.org_a, name="Clinic Nord"))
    referral_acknowledge(actor=personas.provider, referral=assistance)
    referral_service_delivered(
        actor=personas.provider, referral=assistance, service_type="legal", delivered_on=dt.date(2026, 1, 20)
    )

    (panel,) = case_page_panels(_request(personas.coordinator), complaint)
    page = unescape(_rendered_without_queries(panel))

    assert "OIOS" in page and "10 days" in page and "Dismissal" in page and "16 Jan 2026" in page
    assert "Survivor 1 — " in page and "Legal" in page and "20 Jan 2026" in page


@pytest.mark.django_db
def test_the_keys_page_panel_renders_without_queries(personas):
    referral = refer(personas, sea_complaint(personas))
    referral.keyring.grants.filter(user=personas.focal_point_a).delete()

    (panel,) = keys_page_panels(_request(personas.coordinator))
    html = _rendered_without_queries(panel)

    assert "1 open referral has a recipient who cannot open it." in unescape(html)
