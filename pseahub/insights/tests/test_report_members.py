"""The reports' tables of members' own figures: the leadership and donor reports end with the platform's figures,
the members' returns and their total, each column named by its source, published with the report's k, and a
counting rule that says how they are made; the HQ return holds the platform's figures only. Expected tables are
those of ``member_records``, computed by hand."""

from __future__ import annotations

import pytest

from pseahub.insights.models import ReportFormat, ReportKind

from .helpers import ask, asked, file_of, pdf_text, sheets
from .member_records import member_quarter
from .records import network_settings

pytestmark = pytest.mark.django_db

MERGED_SHEETS = [
    "By type, the platform's and members' own figures",
    "By entity type, the platform's and members' own figures",
    "By victim type, the platform's and members' own figures",
    "By status, the platform's and members' own figures",
]
NAMES = ("ALPHA", "Alpha Relief", "BETA", "Beta Aid", "GOV", "Ministry of Gender")


@pytest.fixture
def quarter(personas):
    network_settings(small_cell_k=2)
    return member_quarter(personas)


def _report(client, capture, kind: str, formats=("pdf", "xlsx")):
    if kind == ReportKind.HQ_QUARTERLY:
        response = ask(client, capture, form="hq", quarter="2025-01-01", language="en", formats=list(formats))
    else:
        response = ask(
            client, capture, kind=kind, start="2025-01-01", end="2025-03-31", language="en", formats=list(formats)
        )
    return asked(response)


def _sheet(workbook, title: str):
    """The sheet whose first cell is the table's title."""
    found = [sheet for sheet in workbook.worksheets if sheet["A1"].value == title]
    assert len(found) == 1, f"no sheet {title!r}"
    return found[0]


def _rows(sheet) -> list[list]:
    """The header row (row 5) and the rows under it, up to the total."""
    rows = []
    for row in sheet.iter_rows(min_row=5, values_only=True):
        if row[0] is None:
            break
        rows.append(list(row[:4]))
    return rows


@pytest.mark.parametrize("kind", [ReportKind.LEADERSHIP, ReportKind.DONOR])
def test_the_report_ends_with_the_merged_tables_each_column_named_by_its_source(
    quarter, client_for, django_capture_on_commit_callbacks, kind
):
    report = _report(client_for(quarter.analyst), django_capture_on_commit_callbacks, kind, formats=["xlsx"])
    workbook = sheets(file_of(report, ReportFormat.XLSX))
    assert [sheet["A1"].value for sheet in workbook.worksheets[-4:]] == MERGED_SHEETS
    by_type = _sheet(workbook, MERGED_SHEETS[0])
    assert _rows(by_type) == [
        ["Allegations", "On the platform", "Members' own figures", "Total"],
        ["Sexual exploitation", 2, 4, 6],
        ["Sexual abuse", 3, 2, 5],
        ["Other", 0, 0, 0],
        ["Unknown", 0, 0, 0],
        ["Total", 5, 6, 11],
    ]
    assert by_type["A2"].value.startswith("On the platform: Every allegation")
    assert "Members' own figures: what the member organisations' focal points reported" in by_type["A2"].value
    victims = _sheet(workbook, MERGED_SHEETS[2])
    assert _rows(victims)[1:3] == [["Woman", 2, 3, 5], ["Girl (under 18)", 0, 2, 2]]
    assert victims["A3"].value == "3 survivors left out: no statistics consent recorded."
    assert _rows(_sheet(workbook, MERGED_SHEETS[3]))[1:] == [
        ["Open", 2, 2, 4],
        ["Closed", 3, 4, 7],
        ["Total", 5, 6, 11],
    ]
    notes = " ".join(str(cell) for row in workbook.worksheets[0].iter_rows(values_only=True) for cell in row if cell)
    assert 'the column "Members\' own figures" the latest version of every return for the quarters wholly' in notes


def test_the_merged_tables_are_suppressed_with_the_report_s_k(quarter, client_for, django_capture_on_commit_callbacks):
    network_settings(small_cell_k=3)
    client = client_for(quarter.leadership)
    report = _report(client, django_capture_on_commit_callbacks, ReportKind.LEADERSHIP, formats=["xlsx"])
    assert report.k == 3
    workbook = sheets(file_of(report, ReportFormat.XLSX))
    by_type = _sheet(workbook, MERGED_SHEETS[0])
    # SE on the platform (2) and SA of the members (2) withheld, and the other corners of their rows and columns.
    assert _rows(by_type)[1:3] == [["Sexual exploitation", None, None, 6], ["Sexual abuse", None, None, 5]]
    assert _rows(by_type)[-1] == ["Total", 5, 6, 11]
    assert by_type["B6"].comment.text == "Withheld: fewer than 3, or a count that would give one back."


def test_the_pdf_names_both_sources_and_states_the_rule(
    quarter, client_for, django_capture_on_commit_callbacks, tmp_path
):
    client = client_for(quarter.coordinator)
    report = _report(client, django_capture_on_commit_callbacks, ReportKind.LEADERSHIP, formats=["pdf"])
    text = " ".join(pdf_text(file_of(report, ReportFormat.PDF), tmp_path).split())
    for title in MERGED_SHEETS:
        assert title in text
    assert "Allegations On the platform Members' own figures Total" in text
    assert "Sexual exploitation 2 4 6 Sexual abuse 3 2 5" in text
    assert "Open 2 2 4 Closed 3 4 7 Total 5 6 11" in text
    assert "Members' own figures: each member organisation's focal point reports, per quarter" in text


def test_the_hq_return_holds_the_platform_s_figures_only(quarter, client_for, django_capture_on_commit_callbacks):
    client = client_for(quarter.coordinator)
    report = _report(client, django_capture_on_commit_callbacks, ReportKind.HQ_QUARTERLY, formats=["xlsx"])
    workbook = sheets(file_of(report, ReportFormat.XLSX))
    text = " ".join(str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                    for cell in row if cell)  # fmt: skip
    assert "Members' own figures" not in text


def test_a_donor_report_names_no_organisation(quarter, client_for, django_capture_on_commit_callbacks, tmp_path):
    report = _report(client_for(quarter.coordinator), django_capture_on_commit_callbacks, ReportKind.DONOR)
    workbook = sheets(file_of(report, ReportFormat.XLSX))
    cells = " ".join(str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                     for cell in row if cell)  # fmt: skip
    pdf = " ".join(pdf_text(file_of(report, ReportFormat.PDF), tmp_path).split())
    assert "Members' own figures" in cells and "Members' own figures" in pdf
    for name in NAMES:
        assert name not in cells and name not in pdf
