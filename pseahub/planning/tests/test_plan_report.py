"""The quarterly progress report: PDF (a real first page, not blank; Arabic right to left) and XLSX (status counts
per outcome and output, the quarter's updates) in English, French and Arabic; every download audited; a bad
quarter is a form error."""

from __future__ import annotations

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pseahub.audit.models import Action, AuditEvent
from pseahub.insights.tests.helpers import first_page, ink
from pseahub.planning.models import ActivityUpdate
from pseahub.planning.plans import Quarter, activity_update, progress_report

from .plan_world import plan_world

pytestmark = pytest.mark.django_db


def _world_with_updates(personas):
    world = plan_world(personas)
    inside = activity_update(
        actor=personas.focal_point_a, activity=world.activity_a, status="on_track", progress="Session à Mopti"
    )
    outside = activity_update(
        actor=personas.coordinator, activity=world.activity_b, status="delayed", progress="Hors trimestre"
    )
    august, february = (datetime.datetime(2026, month, 10, 12, tzinfo=datetime.UTC) for month in (8, 2))
    ActivityUpdate.objects.filter(pk=inside.pk).update(created_at=august)
    ActivityUpdate.objects.filter(pk=outside.pk).update(created_at=february)
    return world


def _download(client, world, **data):
    return client.post(reverse("planning:plan_report_download", args=[world.plan.public_id]), data)


def test_quarters_parse_and_span():
    quarter = Quarter.parse("2026-q3")
    assert quarter == Quarter(2026, 3) and quarter.start == datetime.date(2026, 7, 1)
    assert quarter.end == datetime.date(2026, 9, 30) and Quarter(2026, 4).end == datetime.date(2026, 12, 31)
    assert Quarter.parse("2026-Q5") is None and Quarter.parse("") is None


def test_the_report_counts_statuses_and_keeps_the_quarters_updates(personas):
    world = _world_with_updates(personas)
    report = progress_report(world.plan, Quarter(2026, 3))
    assert report.counts["on_track"] == 1 and report.counts["delayed"] == 1 and report.counts["not_started"] == 1
    output = report.outcomes[0].outputs[0]
    assert [u.progress for u in output.updates[world.activity_a.pk]] == ["Session à Mopti"]
    assert output.updates[world.activity_b.pk] == []


def test_the_xlsx_opens_with_the_counts_and_updates(personas, client_for):
    world = _world_with_updates(personas)
    response = _download(client_for(personas.leadership), world, quarter="2026-Q3", lang="fr", fmt="xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-2026-Q3-fr.xlsx"')
    workbook = load_workbook(BytesIO(response.content))
    summary, activities = workbook.worksheets
    assert summary["B2"].value == "2026-Q3"
    rows = [[cell.value for cell in row] for row in activities.iter_rows()]
    flat = " ".join(str(value) for row in rows for value in row if value)
    assert "Session à Mopti" in flat and "Hors trimestre" not in flat and "Former les agents" in flat
    event = AuditEvent.objects.get(action=Action.PLAN_REPORT_DOWNLOADED)
    assert event.data == {"quarter": "2026-Q3", "format": "xlsx", "language": "fr"}


def test_the_arabic_xlsx_reads_right_to_left(personas, client_for):
    world = _world_with_updates(personas)
    response = _download(client_for(personas.coordinator), world, quarter="2026-Q3", lang="ar", fmt="xlsx")
    workbook = load_workbook(BytesIO(response.content))
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_pdfs_first_page_is_not_blank(personas, client_for, tmp_path: Path, language):
    world = _world_with_updates(personas)
    response = _download(client_for(personas.leadership), world, quarter="2026-Q3", lang=language, fmt="pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Cache-Control"] == "no-store"
    assert ink(first_page(response.content, tmp_path)) > 0.005, "the first page is blank"


def test_a_bad_quarter_is_a_form_error_and_not_audited(personas, client_for):
    world = plan_world(personas)
    response = _download(client_for(personas.coordinator), world, quarter="2026-Q9", fmt="pdf")
    assert response.status_code == 400 and "2026-Q3" in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.PLAN_REPORT_DOWNLOADED).exists()


def test_the_report_page_offers_the_quarter_from_the_url(personas, client_for):
    world = plan_world(personas)
    url = reverse("planning:plan_report", args=[world.plan.public_id])
    page = client_for(personas.focal_point_a).get(url, {"quarter": "2026-Q2", "lang": "fr"}).content.decode()
    assert 'value="2026-Q2"' in page and 'id="report-form"' in page
