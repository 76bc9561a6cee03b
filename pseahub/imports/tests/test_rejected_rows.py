"""The rejected rows download: the rows as they were in the file with a "why" column, as CSV or XLSX,
coordinators only, audited, never turning a cell into a formula."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from pseahub.audit.models import Action, AuditEvent

from .helpers import post_run, uploaded_run
from .messy import ROWS, messy_tracker

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(personas, areas, unlocked_client_for, django_capture_on_commit_callbacks):
    client = unlocked_client_for(personas.coordinator)
    # A reference a spreadsheet would run ("@" starts a formula in Excel; openpyxl keeps it text in the upload).
    rows = {**ROWS, 15: ["@SUM(1+1)", "2099-01-01", *[""] * 11]}
    run = uploaded_run(client, messy_tracker(rows))
    post_run(client, run, "check", django_capture_on_commit_callbacks)
    return client, run


def test_csv_has_the_original_cells_and_why(checked):
    client, run = checked
    response = client.post(f"/cases/import/{run.public_id}/rejected/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Row", "N° de référence", "Dates Réception"] and rows[0][-1] == "Why"
    by_row = {row[0]: row for row in rows[1:]}
    assert set(by_row) == {"9", "10", "13", "14", "15"}
    assert by_row["9"][2] == "31/13/2025" and "Not a date of the calendar." in by_row["9"][-1]
    assert "Narrative Quetzal-2" in by_row["9"]
    assert by_row["15"][1] == "'@SUM(1+1)"  # no formula when the file is opened in a spreadsheet
    assert AuditEvent.objects.filter(action=Action.TRACKER_IMPORT_REJECTS_DOWNLOADED).count() == 1


def test_xlsx_keeps_every_cell_as_text(checked):
    client, run = checked
    response = client.post(f"/cases/import/{run.public_id}/rejected/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][-1] == "Why"
    formula_row = next(row for row in rows if row[0] == "15")
    assert formula_row[1] == "@SUM(1+1)"
    assert sheet.cell(row=rows.index(formula_row) + 1, column=2).data_type == "s"
    assert "This date is in the future." in formula_row[-1]


def test_without_an_unlocked_key_nothing_is_downloaded(personas, checked, client_for):
    _client, run = checked
    response = client_for(personas.coordinator).post(f"/cases/import/{run.public_id}/rejected/", {"format": "csv"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=Action.TRACKER_IMPORT_REJECTS_DOWNLOADED).count() == 0
