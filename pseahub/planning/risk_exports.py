# ruff: noqa: RUF001
"""A round's results as PDF (WeasyPrint, DejaVu Sans, right to left in Arabic) and XLSX (openpyxl), in the
language asked for: scope, heat map with its table, comparison with the previous round, index by area, findings
and mitigations. Nothing is fetched while the PDF is made (``data:`` URLs only)."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .heatmap import COLOURS, heatmap_svg, score_text
from .models import RiskAssessmentRound
from .risk import compare, consolidate, round_findings, sector_label

FONT = "DejaVu Sans"
EXPORT_LANGUAGES = ("en", "fr", "ar")


def _context(assessment: RiskAssessmentRound) -> dict[str, Any]:
    results = consolidate(assessment)
    return {
        "round": assessment,
        "results": results,
        "grid": [(sector_label(sector), cells) for sector, cells in results.grid()],
        "heatmap": heatmap_svg(results, title=_("Risk by sector and area"), svg_id="pdf-heatmap"),
        "comparison": [
            {**vars(row), "sector_label": row.label, "change_label": change_label(row.change)}
            for row in compare(assessment, results)
        ],
        "findings": round_findings(assessment),
        "language": translation.get_language(),
        "rtl": translation.get_language_bidi(),
        "font": FONT,
        "today": timezone.localdate(),
    }


def pdf_render(assessment: RiskAssessmentRound, language: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with translation.override(language):
        html = render_to_string("planning/risk_print.html", _context(assessment))
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"]))
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf


def _clean(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _rows(sheet: Any, rows: list[list[Any]], *, header: bool = True) -> None:
    from openpyxl.styles import Font

    for row in rows:
        sheet.append([_clean(value) for value in row])
    if header and rows:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 22


def xlsx_render(assessment: RiskAssessmentRound, language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    with translation.override(language):
        context = _context(assessment)
        results = context["results"]
        workbook = Workbook()
        workbook.properties.title = assessment.title
        workbook.properties.creator = "PSEA Hub"
        workbook.properties.language = language
        rtl = translation.get_language_bidi()

        scope = workbook.active
        assert scope is not None  # noqa: S101 - a new workbook has its first sheet
        scope.title = _("Scope")[:31]
        _rows(
            scope,
            [
                [_("Round"), assessment.title],
                [_("Period"), f"{assessment.period_start.isoformat()} – {assessment.period_end.isoformat()}"],
                [_("Status"), assessment.get_status_display()],
                [_("Areas"), ", ".join(area.display_name() for area in results.areas)],
                [_("Sectors"), ", ".join(sector_label(sector) for sector in results.sectors)],
                [_("Contributions counted"), results.submitted],
                [_("Previous round"), assessment.previous.title if assessment.previous else "—"],
                [
                    _("Rule"),
                    _(
                        "Each risk factor: mean likelihood × mean impact over the contributions; "
                        "each cell: its highest risk factor."
                    ),
                ],
            ],
            header=False,
        )

        heat = workbook.create_sheet(_("Heat map")[:31])
        _rows(heat, [[_("Sector"), *[area.display_name() for area in results.areas]]])
        for row, (sector, cells) in enumerate(context["grid"], start=2):
            heat.cell(row=row, column=1, value=_clean(sector))
            for column, cell in enumerate(cells, start=2):
                target = heat.cell(
                    row=row, column=column, value=round(cell.score, 1) if cell.score is not None else None
                )
                if cell.class_code in COLOURS:
                    fill, ink = COLOURS[cell.class_code]
                    target.fill = PatternFill("solid", fgColor=fill.lstrip("#"))
                    target.font = Font(color=ink.lstrip("#"))

        classes = workbook.create_sheet(_("Cells")[:31])
        _rows(
            classes,
            [
                [
                    _("Sector"), _("Area"), _("Score"), _("Class"), _("Likelihood"), _("Impact"),
                    _("Highest risk factor"), _("Contributions"),
                ],
                *[
                    [
                        sector_label(cell.sector), cell.area.display_name(),
                        round(cell.score, 1) if cell.score is not None else None, cell.class_label,
                        round(cell.result.likelihood, 2) if cell.result else None,
                        round(cell.result.impact, 2) if cell.result else None,
                        cell.factor_name, cell.result.contributions if cell.result else 0,
                    ]
                    for _sector, cells in context["grid"] for cell in cells
                ],
            ],
        )  # fmt: skip

        if context["comparison"]:
            comparison = workbook.create_sheet(_("Comparison")[:31])
            _rows(
                comparison,
                [
                    [_("Sector or risk index"), _("Area"), _("Previous"), _("Now"), _("Change")],
                    *[
                        [row["sector_label"], row["area_name"], score_text(row["previous"]),
                         score_text(row["current"]), row["change_label"]]
                        for row in context["comparison"]
                    ],
                ],
            )  # fmt: skip

        for table in results.indices:
            index = workbook.create_sheet(table.framework.display_name()[:31])
            _rows(
                index,
                [
                    [_("Area"), *[d.display_name() for d in table.dimensions], _("Index"), _("Class")],
                    *[
                        [row.area.display_name(), *[round(v, 2) if v is not None else None for v in row.dimensions],
                         round(row.score, 2) if row.score is not None else None, row.class_label]
                        for row in table.rows
                    ],
                ],
            )  # fmt: skip

        findings = workbook.create_sheet(_("Findings")[:31])
        _rows(
            findings,
            [
                [
                    _("Sector"), _("Area"), _("Finding"), _("Likelihood"), _("Impact"), _("Score"),
                    _("Recommended mitigation"),
                ],
                *[
                    [sector_label(f.sector), f.area.display_name() if f.area else _("All areas"), f.title, f.likelihood,
                     f.impact, f.likelihood * f.impact, f.mitigation]
                    for f in context["findings"]
                ],
            ],
        )  # fmt: skip
        for sheet in workbook.worksheets:
            sheet.sheet_view.rightToLeft = rtl
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def change_label(change: str | None) -> str:
    labels = {
        "up": _("Higher"),
        "down": _("Lower"),
        "same": _("Same"),
        "new": _("Newly scored"),
        "gone": _("Not scored now"),
    }
    return labels.get(change or "", "")
