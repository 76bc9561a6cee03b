"""A completed round exported as PDF (its first page drawn by pdftoppm is not blank; right to left in Arabic)
and XLSX (opened by openpyxl: scope, heat map, cells, comparison, findings), in the language asked for, audited."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from pseahub.audit.models import AuditEvent
from pseahub.network.models import Area
from pseahub.planning import risk
from pseahub.planning.heatmap import heatmap_svg
from pseahub.planning.models import RoundStatus
from pseahub.planning.risk_exports import pdf_render

from .risk_helpers import make_round, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(personas):
    before = make_round(personas.coordinator, title="Round 2025", status=RoundStatus.OPEN)
    score(personas.focal_point_a, personas.org_a, before, "matrix-food-cash", {("lists", "TS01"): (3, 3)})
    for step in (RoundStatus.CONSOLIDATING, RoundStatus.COMPLETED):
        before = risk.round_advance(actor=personas.coordinator, assessment=before, to=step)
    now = make_round(personas.coordinator, title="Round 2026", status=RoundStatus.OPEN, previous=before)
    score(personas.focal_point_a, personas.org_a, now, "matrix-food-cash",
          {("lists", "TS01"): (5, 4), ("unsupervised", "TS02"): (2, 3)})  # fmt: skip
    score(personas.focal_point_b, personas.org_b, now, "matrix-shelter", {("allocation", "TS01"): (3, 4)})
    risk.round_advance(actor=personas.coordinator, assessment=now, to=RoundStatus.CONSOLIDATING)
    risk.finding_save(
        actor=personas.coordinator, assessment=now, sector="food_cash", area=Area.objects.get(pcode="TS01"),
        title="Listes contrôlées par le personnel", likelihood=5, impact=4, mitigation="Vérification croisée",
    )  # fmt: skip
    return risk.round_advance(actor=personas.coordinator, assessment=now, to=RoundStatus.COMPLETED)


def _first_page_ink(pdf: bytes) -> float:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "round.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603
            ["/usr/bin/pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(source), str(Path(folder) / "page")],
            check=True,
        )
        page = next(Path(folder).glob("page*.png"))
        image = Image.open(page).convert("L")
        histogram = image.histogram()
    return sum(histogram[:200]) / sum(histogram)


def _text(pdf: bytes) -> str:
    return subprocess.run(["/usr/bin/pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_pdf_first_page_is_drawn_and_not_blank(personas, client_for, completed, language):
    response = client_for(personas.leadership).post(
        reverse("planning:risk_export", args=[completed.public_id, "pdf"]), {"lang": language}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="risk-assessment-2026-{language}.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert _first_page_ink(response.content) > 0.01
    text = _text(response.content)
    assert "Round 2026" in text and "Listes contrôlées" in text
    event = AuditEvent.objects.filter(action="risk_exported").get()
    assert event.data == {"format": "pdf", "language": language, "status": "completed"}


def test_the_pdf_is_right_to_left_in_arabic(completed):
    from django.template.loader import render_to_string
    from django.utils import translation

    from pseahub.planning.risk_exports import _context

    with translation.override("ar"):
        html = render_to_string("planning/risk_print.html", _context(completed))
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert pdf_render(completed, "ar").startswith(b"%PDF-")


def test_the_xlsx_opens_with_every_sheet(personas, client_for, completed):
    response = client_for(personas.focal_point_b).post(
        reverse("planning:risk_export", args=[completed.public_id, "xlsx"]), {"lang": "fr"}
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.properties.language == "fr"
    names = workbook.sheetnames
    assert len(names) == 5 and not workbook.worksheets[0].sheet_view.rightToLeft
    heat = workbook.worksheets[1]
    assert heat.cell(row=1, column=2).value == "Alpha Region"
    assert heat.cell(row=2, column=2).value == 20  # food/cash in Alpha Region: 5 x 4
    findings = workbook.worksheets[-1]
    assert findings.cell(row=2, column=3).value == "Listes contrôlées par le personnel"
    assert findings.cell(row=2, column=6).value == 20
    comparison = workbook.worksheets[3]
    values = [[cell.value for cell in row] for row in comparison.iter_rows(min_row=2)]
    assert any(row[2] == "9.0" and row[3] == "20.0" for row in values) or any(
        row[2] == "9,0" and row[3] == "20,0" for row in values
    )


def test_the_xlsx_is_right_to_left_in_arabic(personas, client_for, completed):
    response = client_for(personas.coordinator).post(
        reverse("planning:risk_export", args=[completed.public_id, "xlsx"]), {"lang": "ar"}
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)


def test_an_unknown_format_or_language(personas, client_for, completed):
    client = client_for(personas.coordinator)
    assert client.post(reverse("planning:risk_export", args=[completed.public_id, "docx"])).status_code == 404
    response = client.post(reverse("planning:risk_export", args=[completed.public_id, "pdf"]), {"lang": "xx"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-en.pdf"')
    assert client.get(reverse("planning:risk_export", args=[completed.public_id, "pdf"])).status_code == 405


def test_the_heat_map_says_each_cells_score_and_class_in_words(completed):
    svg = str(heatmap_svg(risk.consolidate(completed), title="Heat map"))
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "20.0" in svg and "High" in svg and "not scored" in svg and "style=" not in svg
