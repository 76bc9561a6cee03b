"""Downloading a report is a POST that answers with the file and records who downloaded which report in which
format (the file's digest with it); nothing is recorded when there is nothing to download."""

from __future__ import annotations

import hashlib

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.insights.models import Report, ReportState

from .helpers import ask, asked

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(personas, client_for, django_capture_on_commit_callbacks) -> Report:
    return asked(
        ask(
            client_for(personas.coordinator), django_capture_on_commit_callbacks, kind="leadership",
            start="2026-01-01", end="2026-03-31", language="ar", formats=["pdf", "xlsx"],
        )
    )  # fmt: skip


def _downloads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action.REPORT_DOWNLOADED).order_by("seq"))


def test_a_download_answers_with_the_file_and_is_audited(personas, client_for, report):
    response = client_for(personas.leadership).post(f"/insights/reports/{report.public_id}/download/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="psea-report-2026-01-01-2026-03-31-ar.pdf"'
    assert response["Cache-Control"] == "no-store" and response.content.startswith(b"%PDF-")
    [event] = _downloads()
    assert event.actor_id == personas.leadership.pk and event.target_id == str(report.public_id)
    assert event.data == {
        "kind": "leadership", "format": "pdf", "language": "ar", "sha256": hashlib.sha256(response.content).hexdigest(),
    }  # fmt: skip


def test_the_spreadsheet_too(personas, client_for, report):
    response = client_for(personas.analyst).post(f"/insights/reports/{report.public_id}/download/xlsx/")
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert [event.data["format"] for event in _downloads()] == ["xlsx"]


def test_a_get_downloads_nothing(personas, client_for, report):
    assert client_for(personas.analyst).get(f"/insights/reports/{report.public_id}/download/pdf/").status_code == 405
    assert _downloads() == []


@pytest.mark.parametrize("fmt", ["docx", "csv"])
def test_an_unknown_format_is_not_found(personas, client_for, report, fmt):
    assert client_for(personas.analyst).post(f"/insights/reports/{report.public_id}/download/{fmt}/").status_code == 404
    assert _downloads() == []


def test_a_report_not_made_yet_has_nothing_to_download(personas, client_for, report):
    Report.objects.filter(pk=report.pk).update(state=ReportState.RUNNING)
    assert client_for(personas.analyst).post(f"/insights/reports/{report.public_id}/download/pdf/").status_code == 404
    assert _downloads() == []


def test_a_format_not_asked_for_is_not_found(personas, client_for, django_capture_on_commit_callbacks):
    only_xlsx = asked(
        ask(
            client_for(personas.analyst), django_capture_on_commit_callbacks, form="hq", quarter="2026-01-01",
            language="en", formats=["xlsx"],
        )
    )  # fmt: skip
    response = client_for(personas.analyst).post(f"/insights/reports/{only_xlsx.public_id}/download/pdf/")
    assert response.status_code == 404
