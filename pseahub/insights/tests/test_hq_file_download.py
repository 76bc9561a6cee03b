"""Downloading the HQ return's machine-readable files: a POST, like the report's other files, answering with JSON
or CSV under the report's file name and audited; the report's page lists the four files by their labels and links
to the published schema. Those who read the insights download them; donors get 404 (an HQ return is never
published to them), everyone else 403, and signed-out visitors are sent to sign in."""

from __future__ import annotations

import hashlib
import json

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.insights.models import Report

from .helpers import ask, asked
from .hq_file_records import hq_file_records

pytestmark = pytest.mark.django_db

READERS = ["coordinator", "co_chair", "leadership", "analyst"]
OTHERS = ["focal_point_a", "focal_point_b", "provider", "operator", "admin", "no_role"]
STEM = "psea-hq-return-2026-01-01-2026-03-31-ar"


@pytest.fixture
def report(personas, client_for, django_capture_on_commit_callbacks) -> Report:
    hq_file_records(personas)
    return asked(
        ask(
            client_for(personas.coordinator), django_capture_on_commit_callbacks, form="hq", quarter="2026-01-01",
            language="ar", formats=["pdf", "xlsx", "json", "csv"],
        )
    )  # fmt: skip


def _downloads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action.REPORT_DOWNLOADED).order_by("seq"))


def test_the_json_is_downloaded_and_audited(personas, client_for, report):
    response = client_for(personas.leadership).post(f"/insights/reports/{report.public_id}/download/json/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="{STEM}.json"'
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["format"] == "pseahub-hq-return"
    [event] = _downloads()
    assert event.actor_id == personas.leadership.pk and event.target_id == str(report.public_id)
    assert event.data == {
        "kind": "hq_quarterly", "format": "json", "language": "ar",
        "sha256": hashlib.sha256(response.content).hexdigest(),
    }  # fmt: skip


def test_the_csv_is_downloaded_and_audited(personas, client_for, report):
    response = client_for(personas.analyst).post(f"/insights/reports/{report.public_id}/download/csv/")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{STEM}.csv"'
    assert response.content.startswith(b"country,network,year,quarter,")
    assert [(event.data["format"], event.data["sha256"]) for event in _downloads()] == [
        ("csv", hashlib.sha256(response.content).hexdigest())
    ]


def test_a_get_downloads_nothing(personas, client_for, report):
    assert client_for(personas.analyst).get(f"/insights/reports/{report.public_id}/download/json/").status_code == 405
    assert _downloads() == []


def test_the_report_page_lists_the_four_files_and_links_to_the_schema(personas, client_for, report):
    html = client_for(personas.co_chair).get(f"/insights/reports/{report.public_id}/").content.decode()
    for fmt in ("pdf", "xlsx", "json", "csv"):
        assert f'action="/insights/reports/{report.public_id}/download/{fmt}/"' in html
    assert "Download the machine-readable return (JSON)" in html
    assert "Download the machine-readable return (CSV with HXL hashtags)" in html
    assert 'href="/insights/schema/hq-return-1.0.json"' in html


def test_another_report_s_page_has_no_schema_link(personas, client_for, django_capture_on_commit_callbacks):
    donor = asked(
        ask(
            client_for(personas.analyst), django_capture_on_commit_callbacks, kind="donor", start="2026-01-01",
            end="2026-03-31", language="en", formats=["xlsx"],
        )
    )  # fmt: skip
    page = client_for(personas.analyst).get(f"/insights/reports/{donor.public_id}/").content.decode()
    assert "Download the PDF" not in page and "hq-return-1.0.json" not in page


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_signed_out_visitors_are_sent_to_sign_in(client, report, fmt):
    response = client.post(f"/insights/reports/{report.public_id}/download/{fmt}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", OTHERS)
def test_everyone_else_is_refused(personas, client_for, report, persona):
    client = client_for(getattr(personas, persona))
    for fmt in ("json", "csv"):
        assert client.post(f"/insights/reports/{report.public_id}/download/{fmt}/").status_code == 403
    assert _downloads() == []


def test_a_donor_does_not_find_the_return(personas, client_for, report):
    client = client_for(personas.donor)
    for fmt in ("json", "csv"):
        assert client.post(f"/insights/reports/{report.public_id}/download/{fmt}/").status_code == 404
    assert _downloads() == []


@pytest.mark.parametrize("persona", READERS)
def test_the_readers_download_the_files(personas, client_for, report, persona):
    client = client_for(getattr(personas, persona))
    for fmt in ("json", "csv"):
        assert client.post(f"/insights/reports/{report.public_id}/download/{fmt}/").status_code == 200
    assert [event.data["format"] for event in _downloads()] == ["json", "csv"]
