"""A made report laid out as PDF (WeasyPrint, from ``insights/document/report.html``) and as a spreadsheet (openpyxl).

Fonts: the PDF asks for DejaVu Sans, which has Latin and Arabic glyphs; Debian's ``fonts-dejavu-core`` installs it
(the production README and ``.ci/run`` say so), and ``test_report_pdf`` checks that the Arabic PDF embeds it.
Nothing is fetched while a PDF is made: the fetcher accepts ``data:`` URLs only.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from .reports import Made
    from .tables import PublishedTable

FONT = "DejaVu Sans"
LANDSCAPE_COLUMNS = 6
WITHHELD_MARK = "*"


def left_out_note(count: int) -> str:
    return ngettext(
        "%(count)d survivor left out: no statistics consent recorded.",
        "%(count)d survivors left out: no statistics consent recorded.",
        count,
    ) % {"count": count}


def unit_label(unit: str) -> str:
    labels = {"allegations": _("Allegations"), "survivors": _("Survivors"), "complaints": _("Complaints")}
    return labels.get(unit, unit)


def withheld_note(k: int) -> str:
    return _("Withheld: fewer than %(k)d, or a count that would give one back.") % {"k": k}


# --- PDF --------------------------------------------------------------------------------------------------------
def pdf_render(made: Made) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    context = {
        "made": made,
        "language": made.report.language,
        "rtl": translation.get_language_bidi(),
        "font": FONT,
        "mark": WITHHELD_MARK,
        "tables": [
            {
                "id": key,
                "table": table,
                "wide": len(table.source.column_labels) > 1,
                # More columns than a portrait page holds: on a landscape page of its own.
                "landscape": len(table.source.column_labels) > LANDSCAPE_COLUMNS,
                "unit": unit_label(table.source.unit),
                "left_out": left_out_note(table.source.left_out) if table.source.left_out else "",
                "withheld": withheld_note(table.k) if _any_withheld(table) else "",
            }
            for key, table in made.tables
        ],
    }
    html = render_to_string("insights/document/report.html", context)
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"]))
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf


def _any_withheld(table: PublishedTable) -> bool:
    totals = [*table.row_totals, *table.column_totals, table.total]
    return bool(table.suppressed) or any(value is None for value in totals)


# --- XLSX -------------------------------------------------------------------------------------------------------
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(number: int, text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (31 characters at most, none of ``[]:*?/\\``)."""
    name = f"{number}. {SHEET_NAME_FORBIDDEN.sub(' ', text)}"[:31].strip()
    while name.lower() in taken:
        name = f"{name[:28]}~{len(taken)}"
    taken.add(name.lower())
    return name


def _put(sheet: Worksheet, row: int, column: int, value: str | int | None, *, bold: bool = False) -> None:
    """A cell; text always stays text (a label starting with "=" is never written as a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    if bold:
        cell.font = Font(bold=True)


def _withheld(sheet: Worksheet, row: int, column: int, note: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    cell = sheet.cell(row=row, column=column)
    cell.value = None
    cell.comment = Comment(note, "PSEA Hub")
    cell.fill = PatternFill("solid", start_color="DDDDDD", end_color="DDDDDD")


def _count(sheet: Worksheet, row: int, column: int, value: int | None, note: str, *, bold: bool = False) -> None:
    if value is None:
        _withheld(sheet, row, column, note)
    else:
        _put(sheet, row, column, value, bold=bold)


def _notes_sheet(sheet: Worksheet, made: Made) -> None:
    from openpyxl.styles import Alignment

    lines: list[tuple[str, str]] = [
        (made.title, ""),
        (_("Network"), made.network),
        (_("Period"), made.period),
    ]
    if made.filters:
        lines.append((_("Filters"), made.filters))
    lines += [
        (_("Made"), made.made_at.strftime("%Y-%m-%d %H:%M UTC")),
        (_("Data version"), made.data_version),
        (_("Smallest published count"), str(made.report.k)),
    ]
    if made.noise:
        lines.append((_("Noise"), made.noise_label))
    row = 1
    for label, value in lines:
        _put(sheet, row, 1, label, bold=True)
        _put(sheet, row, 2, value)
        row += 1
    row += 1
    _put(sheet, row, 1, _("How these figures are counted"), bold=True)
    withheld = _("In this spreadsheet a withheld count is an empty grey cell with a note.")
    for text in [*made.rules, made.suppression, *([made.noise_note] if made.noise else []), withheld]:
        row += 1
        _put(sheet, row, 1, text)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        sheet.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 15 * (1 + len(text) // 110)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90


def _table_sheet(sheet: Worksheet, table: PublishedTable) -> None:
    source = table.source
    wide = len(source.column_labels) > 1
    note = withheld_note(table.k)
    _put(sheet, 1, 1, source.title, bold=True)
    _put(sheet, 2, 1, source.denominator)
    if source.left_out:
        _put(sheet, 3, 1, left_out_note(source.left_out))
    header = 5
    _put(sheet, header, 1, unit_label(source.unit), bold=True)
    for column, label in enumerate(source.column_labels, start=2):
        _put(sheet, header, column, label, bold=True)
    total_column = len(source.column_labels) + 2
    if wide:
        _put(sheet, header, total_column, _("Total"), bold=True)
    row = header
    for label, cells, total in table.rows:
        row += 1
        _put(sheet, row, 1, label)
        for column, value in enumerate(cells, start=2):
            _count(sheet, row, column, value, note)
        if wide:
            _count(sheet, row, total_column, total, note)
    row += 1
    _put(sheet, row, 1, _("Total"), bold=True)
    totals = [*table.column_totals, table.total] if wide else [table.total]
    for column, value in enumerate(totals, start=2):
        _count(sheet, row, column, value, note, bold=True)
    if _any_withheld(table):
        _put(sheet, row + 2, 1, note)
    sheet.column_dimensions["A"].width = 40
    for column in range(2, total_column + 1):
        sheet.column_dimensions[sheet.cell(row=header, column=column).column_letter].width = 16


def xlsx_render(made: Made) -> bytes:
    """One sheet of notes (the report's parameters, the counting rules, the suppression), then one per table;
    withheld counts are empty cells with a note. Right to left in Arabic."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.properties.title = f"{made.title} — {made.network}"
    workbook.properties.creator = "PSEA Hub"
    workbook.properties.language = made.report.language
    rtl = translation.get_language_bidi()
    taken: set[str] = set()
    notes = workbook.active
    assert notes is not None  # noqa: S101 - a new workbook has its first sheet
    notes.title = _sheet_name(0, _("Notes"), taken)[3:]
    _notes_sheet(notes, made)
    notes.sheet_view.rightToLeft = rtl
    for number, (_key, table) in enumerate(made.tables, start=1):
        sheet = workbook.create_sheet(_sheet_name(number, table.source.title, taken))
        sheet.sheet_view.rightToLeft = rtl
        _table_sheet(sheet, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
