"""The spreadsheet holds the hand-computed counts of ``records.quarter_records``, suppressed with the network's
smallest published count as it was when the report was asked for: a withheld count is an empty cell with a note;
a notes sheet states the counting rules and the suppression."""

from __future__ import annotations

import pytest

from pseahub.insights.models import ReportFormat
from pseahub.network.models import NetworkSettings

from .helpers import ask, asked, file_of, sheets
from .report_records import quarter_records

pytestmark = pytest.mark.django_db

WITHHELD = "Withheld: fewer than 2, or a count that would give one back."


@pytest.fixture
def workbook(personas, client_for, django_capture_on_commit_callbacks):
    quarter_records(personas)
    NetworkSettings.objects.update_or_create(pk=1, defaults={"small_cell_k": 2})
    report = asked(
        ask(
            client_for(personas.leadership), django_capture_on_commit_callbacks, kind="donor", start="2026-01-01",
            end="2026-03-31", language="en", formats=["xlsx"],
        )
    )  # fmt: skip
    NetworkSettings.objects.filter(pk=1).update(small_cell_k=5)  # later changes do not touch a made report
    assert report.k == 2 and report.formats == ["xlsx"]
    assert not report.files.filter(format=ReportFormat.PDF).exists()
    return sheets(file_of(report, ReportFormat.XLSX))


def _table(sheet) -> dict[str, list]:
    """Label -> values of the rows below the header row (row 5), Total included."""
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    return {row[0]: list(row[1:]) for row in rows if row[0] and not str(row[0]).startswith("Withheld")}


def test_one_sheet_per_table_after_the_notes(workbook):
    assert workbook.sheetnames == [
        "Notes", "1. By month", "2. By type", "3. By entity type", "4. By area", "5. By status",
        "6. By victim type", "7. By age group", "8. By type, the platform's and", "9. By entity type, the platform",
        "10. By victim type, the platfor", "11. By status, the platform's a",
    ]  # fmt: skip


def test_the_notes_state_the_parameters_the_counting_rules_and_the_suppression(workbook):
    notes = [value for row in workbook["Notes"].iter_rows(values_only=True) for value in row if value]
    assert "Donor report" in notes and "1 Jan 2026 to 31 Mar 2026" in notes
    text = " ".join(str(value) for value in notes)
    assert "A report counts once per concerned organisation and once per category of personnel" in text
    assert "only survivors whose statistics consent is recorded" in text
    assert "any count under 2 is withheld" in text
    assert "a withheld count is an empty grey cell with a note" in text


def test_allegations_by_month_with_secondary_suppression(workbook):
    # January 1 (withheld), February 2, March 2: the total would give January back, so February goes too.
    assert _table(workbook["1. By month"]) == {
        "January 2026": [None],
        "February 2026": [None],
        "March 2026": [2],
        "Total": [5],
    }


def test_allegations_by_type(workbook):
    sheet = workbook["2. By type"]
    assert _table(sheet) == {
        "Sexual exploitation": [None], "Sexual abuse": [None], "Other": [None], "Unknown": [0], "Not recorded": [None],
        "Total": [5],
    }  # fmt: skip
    # The three 1s are withheld; the 2 goes with them, since the total 5 would otherwise say they are all 1.
    assert sheet["B6"].value is None and sheet["B6"].comment.text == WITHHELD
    assert sheet["B7"].value is None and sheet["B7"].comment.text == WITHHELD
    assert sheet["A13"].value == WITHHELD


def test_victims_with_consent_and_those_left_out(workbook):
    sheet = workbook["6. By victim type"]
    assert _table(sheet) == {
        "Woman": [None], "Girl (under 18)": [None], "Man": [0], "Boy (under 18)": [None], "Unknown": [None],
        "Total": [None],
    }  # fmt: skip
    # Four withheld survivors, each at least 1: a total of 4 would say each is 1, so it is withheld too.
    assert sheet["A3"].value == "1 survivor left out: no statistics consent recorded."


def test_a_label_is_never_written_as_a_formula(personas, client_for, django_capture_on_commit_callbacks):
    from pseahub.cases.models import Term

    quarter_records(personas)
    Term.objects.filter(vocabulary="sea_type", code="rape").update(group="=HYPERLINK(1)")
    report = asked(
        ask(
            client_for(personas.analyst), django_capture_on_commit_callbacks, kind="leadership", start="2026-01-01",
            end="2026-03-31", language="en", formats=["xlsx"],
        )
    )  # fmt: skip
    sheet = sheets(file_of(report, ReportFormat.XLSX))["3. By type"]
    labels = {cell.value: cell.data_type for cell in sheet["A"] if cell.value}
    assert labels["=HYPERLINK(1)"] == "s"
