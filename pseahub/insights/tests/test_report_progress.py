"""A report is made in the background: queued, then made by the task (which claims it once), with its progress on
its page (which refreshes itself while it waits or runs); a failure is shown, never half a report. A form sent
twice queues one report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pseahub.insights import reports
from pseahub.insights.models import Report, ReportKind, ReportState
from pseahub.insights.services import report_request
from pseahub.insights.tasks import report_generate_task

from .helpers import ask, asked

pytestmark = pytest.mark.django_db

PERIOD = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 3, 31)}


def _queued(personas, **fields) -> Report:
    """A report queued without running its task (no on-commit callbacks run outside a captured block)."""
    parameters = {"kind": ReportKind.LEADERSHIP, "language": "en", "formats": ["pdf", "xlsx"], **PERIOD, **fields}
    return report_request(actor=personas.analyst, **parameters)


def test_the_task_makes_a_queued_report_and_reports_its_progress(personas, monkeypatch):
    report = _queued(personas)
    assert report.state == ReportState.QUEUED and report.progress == 0
    seen: list[int] = []
    real = reports._progress

    def spy(report, done, steps):
        real(report, done, steps)
        seen.append(Report.objects.get(pk=report.pk).progress)

    monkeypatch.setattr(reports, "_progress", spy)
    assert report_generate_task.enqueue(report_id=report.pk).return_value == {"files": 2}
    report.refresh_from_db()
    assert report.state == ReportState.DONE and report.progress == 100 and report.finished_at
    # One step per table (14, and 4 of members' own figures) and per format (2), each saved as it is done.
    assert len(seen) == 20 and seen == sorted(seen) and seen[0] == 5 and seen[-1] == 99
    assert Report.objects.get(pk=report.pk).files.count() == 2


def test_a_report_not_queued_or_already_claimed_is_left_alone(personas):
    report = _queued(personas)
    Report.objects.filter(pk=report.pk).update(claimed_at=timezone.now())  # another worker has it
    assert report_generate_task.enqueue(report_id=report.pk).return_value == {"skipped": 1}
    Report.objects.filter(pk=report.pk).update(claimed_at=None, state=ReportState.DONE)
    assert report_generate_task.enqueue(report_id=report.pk).return_value == {"skipped": 1}
    assert not report.files.exists()


def test_a_failure_is_recorded_and_stores_no_file(personas, monkeypatch):
    report = _queued(personas)

    def broken(made):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("pseahub.insights.render.xlsx_render", broken)
    assert report_generate_task.enqueue(report_id=report.pk).return_value == {"failed": 1}
    report.refresh_from_db()
    assert report.state == ReportState.FAILED and report.failure and not report.files.exists()


def test_the_page_shows_progress_and_refreshes_while_the_report_is_made(personas, client_for):
    report = _queued(personas)
    Report.objects.filter(pk=report.pk).update(state=ReportState.RUNNING, progress=40)
    page = client_for(personas.analyst).get(f"/insights/reports/{report.public_id}/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert '<progress id="progress" max="100" value="40">' in page
    assert "Download the PDF" not in page
    Report.objects.filter(pk=report.pk).update(state=ReportState.FAILED)
    page = client_for(personas.analyst).get(f"/insights/reports/{report.public_id}/").content.decode()
    assert "http-equiv" not in page and "could not be made" in page


def test_a_made_report_shows_its_files_and_data_version(personas, client_for, django_capture_on_commit_callbacks):
    report = asked(
        ask(
            client_for(personas.analyst), django_capture_on_commit_callbacks, kind="leadership", start="2026-01-01",
            end="2026-03-31", language="fr", formats=["pdf"],
        )
    )  # fmt: skip
    page = client_for(personas.analyst).get(f"/insights/reports/{report.public_id}/").content.decode()
    assert "http-equiv" not in page and "Download the PDF" in page and "Download the spreadsheet" not in page
    assert report.data_version in page and 'id="data-changed"' not in page
    list_page = client_for(personas.leadership).get("/insights/reports/").content.decode()
    assert f'href="/insights/reports/{report.public_id}/"' in list_page


def test_the_page_says_when_the_data_changed_after_the_report(personas, client_for, django_capture_on_commit_callbacks):
    from pseahub.insights.tests.report_records import quarter_records

    report = asked(
        ask(
            client_for(personas.analyst), django_capture_on_commit_callbacks, kind="donor", start="2026-01-01",
            end="2026-03-31", language="en", formats=["xlsx"],
        )
    )  # fmt: skip
    quarter_records(personas)
    page = client_for(personas.analyst).get(f"/insights/reports/{report.public_id}/").content.decode()
    assert 'id="data-changed"' in page


def test_a_form_sent_twice_queues_one_report(personas):
    first, second = _queued(personas), _queued(personas)
    assert first.pk == second.pk
    assert _queued(personas, language="ar").pk != first.pk
    Report.objects.filter(pk=first.pk).update(state=ReportState.DONE)
    assert _queued(personas).pk != first.pk  # once made, asking again makes a new one (the data may have changed)


def test_the_data_version_is_the_same_for_the_same_data_in_every_language(
    personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for(personas.analyst)
    made = [
        asked(ask(client, django_capture_on_commit_callbacks, form="hq", quarter="2026-01-01", language=language,
                  formats=["xlsx"]))
        for language in ("en", "ar")
    ]  # fmt: skip
    assert made[0].data_version == made[1].data_version


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"start": "2026-03-31", "end": "2026-01-01"}, "The end of the period is before its start."),
        ({"formats": []}, "Choose at least one format."),
        ({"start": "2016-01-01"}, "Choose a period of five years at most"),
    ],
)
def test_a_wrong_form_is_shown_again_with_its_error(
    personas, client_for, django_capture_on_commit_callbacks, fields, error
):
    data = {"kind": "leadership", "start": "2026-01-01", "end": "2026-03-31", "language": "en", "formats": ["pdf"]}
    response = ask(client_for(personas.analyst), django_capture_on_commit_callbacks, **{**data, **fields})
    assert response.status_code == 200 and error in response.content.decode()
    assert not Report.objects.exists()
