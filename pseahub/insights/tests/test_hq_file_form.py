"""Asking for the HQ return's machine-readable file: the quarter's form offers PDF, XLSX, JSON and CSV (all four
ticked at first), the other reports' form PDF and XLSX only; without the network's country the file cannot be
made, and the form says so instead of queueing a report."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pseahub.core.exceptions import ApplicationError
from pseahub.insights import services
from pseahub.insights.models import Report, ReportKind, ReportState
from pseahub.insights.reports import report_generate

from .helpers import ask, asked
from .records import network_settings

pytestmark = pytest.mark.django_db

MISSING = "Set the network&#x27;s country (ISO alpha-3) in the network settings first"


def _boxes(html: str, name: str) -> list[tuple[str, bool]]:
    """(value, ticked) of each checkbox named ``name``."""
    found = re.findall(rf'<input type="checkbox" name="{name}" value="(\w+)"([^>]*)>', html)
    return [(value, " checked" in rest) for value, rest in found]


def test_the_quarter_form_offers_four_formats_and_the_other_form_two(personas, client_for):
    html = client_for(personas.analyst).get("/insights/reports/").content.decode()
    assert _boxes(html, "hq-formats") == [("pdf", True), ("xlsx", True), ("json", True), ("csv", True)]
    assert _boxes(html, "report-formats") == [("pdf", True), ("xlsx", True)]
    assert "Machine-readable return (CSV with HXL hashtags)" in html
    assert 'href="/insights/schema/hq-return-1.0.json"' in html


@pytest.mark.parametrize("country", ["", "ML"])
def test_without_the_country_the_file_is_refused_with_a_clear_error(
    personas, client_for, django_capture_on_commit_callbacks, country
):
    network_settings(country_code=country)
    for formats in (["json"], ["pdf", "csv"]):
        response = ask(
            client_for(personas.coordinator), django_capture_on_commit_callbacks, form="hq", quarter="2026-01-01",
            language="en", formats=formats,
        )  # fmt: skip
        assert response.status_code == 200
        assert MISSING in response.content.decode()
    assert not Report.objects.exists()


def test_without_the_country_a_pdf_alone_is_still_made(personas, client_for, django_capture_on_commit_callbacks):
    network_settings(country_code="")
    report = asked(
        ask(
            client_for(personas.coordinator), django_capture_on_commit_callbacks, form="hq", quarter="2026-01-01",
            language="en", formats=["xlsx"],
        )
    )  # fmt: skip
    assert report.formats == ["xlsx"]


def test_with_the_country_the_file_is_asked_for(personas, client_for, django_capture_on_commit_callbacks):
    network_settings(country_code="MLI")
    report = asked(
        ask(
            client_for(personas.coordinator), django_capture_on_commit_callbacks, form="hq", quarter="2026-01-01",
            language="en", formats=["csv", "json"],
        )
    )  # fmt: skip
    assert report.kind == ReportKind.HQ_QUARTERLY and report.formats == ["json", "csv"]
    assert set(report.files.values_list("format", flat=True)) == {"json", "csv"}


def test_the_other_reports_are_not_made_as_the_file(personas, client_for, django_capture_on_commit_callbacks):
    network_settings(country_code="MLI")
    response = ask(
        client_for(personas.coordinator), django_capture_on_commit_callbacks, kind="leadership", start="2026-01-01",
        end="2026-03-31", language="en", formats=["json"],
    )  # fmt: skip
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    with pytest.raises(ApplicationError):
        services.report_request(
            actor=personas.coordinator, kind=ReportKind.DONOR, language="en", start=dt.date(2026, 1, 1),
            end=dt.date(2026, 3, 31), formats=["csv"],
        )  # fmt: skip
    assert not Report.objects.exists()


def test_a_country_removed_before_the_making_fails_the_report(personas):
    # Asked for with the country set, made after it was cleared: the file cannot name a country, so no file at all.
    network_settings(country_code="MLI")
    report = services.report_request(
        actor=personas.coordinator, kind=ReportKind.HQ_QUARTERLY, language="fr", start=dt.date(2026, 1, 1),
        end=dt.date(2026, 3, 31), formats=["json"],
    )  # fmt: skip
    network_settings(country_code="")
    assert report_generate(report_id=report.pk) == {"failed": 1}
    report.refresh_from_db()
    assert report.state == ReportState.FAILED and not report.files.exists()
