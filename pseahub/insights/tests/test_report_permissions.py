"""Who opens the reports' URLs: those who read the insights ask for, follow and download every report; only
coordinators publish to donors; donors download published donor reports only (``test_donor_publication``);
everyone else gets 403, and signed-out visitors are sent to sign in. A report that does not exist is 404."""

from __future__ import annotations

import uuid

import pytest

from pseahub.insights.models import Report

from .helpers import ask, asked

pytestmark = pytest.mark.django_db

READERS = ["coordinator", "co_chair", "leadership", "analyst"]
OTHERS = ["focal_point_a", "focal_point_b", "provider", "operator", "admin", "no_role"]
FORM = {"kind": "donor", "start": "2026-01-01", "end": "2026-03-31", "language": "en", "formats": ["xlsx"]}


@pytest.fixture
def report(personas, client_for, django_capture_on_commit_callbacks) -> Report:
    return asked(ask(client_for(personas.analyst), django_capture_on_commit_callbacks, **FORM))


def _urls(report: Report) -> list[tuple[str, str]]:
    base = f"/insights/reports/{report.public_id}"
    return [
        ("get", "/insights/reports/"),
        ("post", "/insights/reports/new/"),
        ("get", f"{base}/"),
        ("post", f"{base}/download/xlsx/"),
        ("post", f"{base}/publish/"),
        ("post", f"{base}/unpublish/"),
    ]


def test_signed_out_visitors_are_sent_to_sign_in(client, report):
    for method, url in _urls(report):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", [*OTHERS, "donor"])
def test_everyone_else_is_refused(personas, client_for, report, persona):
    client = client_for(getattr(personas, persona))
    for method, url in _urls(report):
        if persona == "donor" and url.endswith("/download/xlsx/"):
            continue  # donors download published donor reports: 404 for this unpublished one (below)
        assert getattr(client, method)(url).status_code == 403, url


def test_a_donor_cannot_download_an_unpublished_report(personas, client_for, report):
    assert client_for(personas.donor).post(f"/insights/reports/{report.public_id}/download/xlsx/").status_code == 404


@pytest.mark.parametrize("persona", READERS)
def test_the_readers_ask_for_follow_and_download_reports(
    personas, client_for, report, persona, django_capture_on_commit_callbacks
):
    client = client_for(getattr(personas, persona))
    assert client.get("/insights/reports/").status_code == 200
    assert client.get(f"/insights/reports/{report.public_id}/").status_code == 200
    assert client.post(f"/insights/reports/{report.public_id}/download/xlsx/").status_code == 200
    response = ask(client, django_capture_on_commit_callbacks, **{**FORM, "language": "fr"})
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["co_chair", "leadership", "analyst"])
def test_only_coordinators_publish(personas, client_for, report, persona):
    client = client_for(getattr(personas, persona))
    assert client.post(f"/insights/reports/{report.public_id}/publish/").status_code == 403
    assert client.post(f"/insights/reports/{report.public_id}/unpublish/").status_code == 403
    coordinator = client_for(personas.coordinator)
    assert coordinator.post(f"/insights/reports/{report.public_id}/publish/").status_code == 302
    assert coordinator.post(f"/insights/reports/{report.public_id}/unpublish/").status_code == 302


def test_a_report_that_does_not_exist_is_not_found(personas, client_for):
    client = client_for(personas.coordinator)
    missing = f"/insights/reports/{uuid.uuid4()}"
    assert client.get(f"{missing}/").status_code == 404
    for action in ("download/pdf", "publish", "unpublish"):
        assert client.post(f"{missing}/{action}/").status_code == 404


def test_the_dashboard_links_to_the_reports(personas, client_for):
    assert 'href="/insights/reports/"' in client_for(personas.analyst).get("/insights/").content.decode()
