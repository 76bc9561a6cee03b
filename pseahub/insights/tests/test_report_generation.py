"""Each kind of report in each language is made by its task, as a PDF whose first page is not blank (rendered by
poppler's pdftoppm) and a spreadsheet that opens; Arabic ones right to left, with a font that has Arabic glyphs."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.insights.models import ReportFormat, ReportKind, ReportState

from .helpers import ask, asked, file_of, first_page, ink, pdf_fonts, pdf_text, sheets
from .report_records import quarter_records

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "ar"]


@pytest.fixture
def records(personas):
    return quarter_records(personas)


def _ask(client, capture, kind: str, language: str):
    if kind == ReportKind.HQ_QUARTERLY:
        response = ask(client, capture, form="hq", quarter="2026-01-01", language=language, formats=["pdf", "xlsx"])
    else:
        response = ask(
            client, capture, kind=kind, start="2026-01-01", end="2026-03-31", language=language,
            formats=["pdf", "xlsx"],
        )  # fmt: skip
    return asked(response)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ReportKind.values)
def test_every_kind_is_made_in_every_language(
    personas, records, client_for, django_capture_on_commit_callbacks, tmp_path, kind, language
):
    report = _ask(client_for(personas.analyst), django_capture_on_commit_callbacks, kind, language)
    assert report.state == ReportState.DONE and report.progress == 100
    assert report.language == language and report.formats == ["pdf", "xlsx"]
    assert len(report.data_version) == 16 and report.data_source["code"]
    pdf = file_of(report, ReportFormat.PDF)
    assert pdf.startswith(b"%PDF-")
    page = first_page(pdf, tmp_path)
    assert ink(page) > 0.01, "the PDF's first page is blank"
    workbook = sheets(file_of(report, ReportFormat.XLSX))
    assert len(workbook.sheetnames) >= 2
    assert all(sheet.sheet_view.rightToLeft == (language == "ar") for sheet in workbook.worksheets)
    assert AuditEvent.objects.filter(action=Action.REPORT_REQUESTED, target_id=str(report.public_id)).count() == 1


def test_an_arabic_pdf_is_right_to_left_in_a_font_with_arabic_glyphs(
    personas, records, client_for, django_capture_on_commit_callbacks, tmp_path
):
    report = _ask(client_for(personas.leadership), django_capture_on_commit_callbacks, ReportKind.LEADERSHIP, "ar")
    pdf = file_of(report, ReportFormat.PDF)
    assert "DejaVu-Sans" in pdf_fonts(pdf, tmp_path)
    # Right to left: the title's line ends at the right margin, so the first page's ink leans to the right.
    page = first_page(pdf, tmp_path)
    width, height = page.size
    top = page.crop((0, 0, width, height // 6))
    left, right = top.crop((0, 0, width // 2, top.height)), top.crop((width // 2, 0, width, top.height))
    assert ink(right) > 2 * ink(left)


def test_an_english_pdf_states_the_counting_rules_and_the_suppression(
    personas, records, client_for, django_capture_on_commit_callbacks, tmp_path
):
    report = _ask(client_for(personas.coordinator), django_capture_on_commit_callbacks, ReportKind.DONOR, "en")
    text = " ".join(pdf_text(file_of(report, ReportFormat.PDF), tmp_path).split())
    assert "Donor report" in text and "1 Jan 2026 to 31 Mar 2026" in text
    assert "Notes: how these figures are counted" in text
    assert "once per concerned organisation and once per category of personnel" in text
    assert "only survivors whose statistics consent is recorded" in text
    assert "any count under 5 is withheld (zero is shown)" in text
    assert report.data_version in text


def test_a_french_hq_return_is_in_french(personas, records, client_for, django_capture_on_commit_callbacks, tmp_path):
    report = _ask(client_for(personas.co_chair), django_capture_on_commit_callbacks, ReportKind.HQ_QUARTERLY, "fr")
    workbook = sheets(file_of(report, ReportFormat.XLSX))
    # The titles go through gettext: once translated they are French; until then the English ones.
    assert workbook.properties.language == "fr"
    assert workbook.worksheets[0]["B3"].value == "T1 2026" or workbook.worksheets[0]["B3"].value == "Q1 2026"
