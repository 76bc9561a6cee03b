"""Open data (README.md, "Downloads"): any dashboard table as CSV, XLSX or HXL-tagged CSV, as published.

A download is the table the page shows for the same filters, small cells withheld the same way: a withheld
count is an empty cell, and the row's note (the last column) says why. The last row gives the totals; its note
says what was counted (the denominator), how many were left out, and which period and filters the figures cover.
The HXL file is the CSV with a second header row of HXL hashtags (``dashboard.TABLES`` names them per table).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook

from pseahub.network.models import Area, NetworkSettings, OrganisationType

from . import counting, dashboard
from .timings import Timing

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "hxl": ("text/csv; charset=utf-8", "hxl.csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
NOTE_TAG = "#meta+note"
Cell = str | int | float | None


@dataclass(frozen=True)
class Sheet:
    """A table as written to a file: a header row, its HXL hashtags, and the rows (``None``: withheld, empty)."""

    key: str
    title: str
    headers: list[str]
    tags: list[str]
    rows: list[list[Cell]]


def _withheld_note(k: int) -> str:
    return _("Empty cells are withheld: fewer than %(k)s, or a count that would give one back.") % {"k": k}


def filters_text(filters: counting.Filters) -> str:
    """The period and filters in words, for the notes of a download."""
    parts = [_("Received from %(start)s to %(end)s.") % {"start": filters.start, "end": filters.end}]
    if filters.area:
        area = Area.objects.filter(pcode=filters.area).first()
        parts.append(_("Area: %(area)s.") % {"area": area.display_name() if area else filters.area})
    if filters.organisation_type:
        label = dict(OrganisationType.choices).get(filters.organisation_type, filters.organisation_type)
        parts.append(_("Type of concerned organisation: %(type)s.") % {"type": label})
    return " ".join(parts)


def _left_out(unit: str, left_out: int) -> str:
    if not left_out:
        return ""
    if unit == "survivors":
        return ngettext(
            "%(count)s survivor left out: no statistics consent recorded.",
            "%(count)s survivors left out: no statistics consent recorded.",
            left_out,
        ) % {"count": left_out}
    return ngettext("%(count)s record left out.", "%(count)s records left out.", left_out) % {"count": left_out}


def count_sheet(spec: dashboard.TableSpec, filters: counting.Filters, settings: NetworkSettings) -> Sheet:
    table, shown = dashboard.published(spec, filters, settings)
    k = settings.small_cell_k
    two_way = len(table.column_labels) > 1
    if two_way and spec.column_tag is not None:
        column_keys = table.column_keys or [str(i) for i in range(len(table.column_labels))]
        value_tags = [f"{spec.value_tag}+{spec.column_tag(key)}" for key in column_keys]
    else:
        value_tags = [spec.value_tag] * len(table.column_labels)
    together = str(spec.total_label or _("Total"))
    headers = [_("Code"), table.title, *table.column_labels, *([together] if two_way else []), _("Note")]
    tags = [*spec.row_tags, *value_tags, *([f"{spec.value_tag}+total"] if two_way else []), NOTE_TAG]
    rows: list[list[Cell]] = []
    for key, label, cells, total in zip(table.row_keys, table.row_labels, shown.cells, shown.row_totals, strict=True):
        values: list[Cell] = [*cells, *([total] if two_way else [])]
        note = _withheld_note(k) if any(value is None for value in values) else ""
        rows.append(["" if key == counting.NOT_RECORDED else key, label, *values, note])
    totals: list[Cell] = [*shown.column_totals, shown.total] if two_way else [shown.total]
    notes = [table.denominator, _left_out(table.unit, table.left_out), filters_text(filters)]
    if any(value is None for row in rows for value in row[2:-1]) or any(value is None for value in totals):
        notes.append(_withheld_note(k))
    rows.append(["total", _("Total"), *totals, " ".join(note for note in notes if note)])
    return Sheet(key=spec.key, title=table.title, headers=headers, tags=tags, rows=rows)


def timings_sheet(steps: list[Timing], filters: counting.Filters, k: int) -> Sheet:
    headers = [
        _("Code"), _("Step"), _("Records timed"), _("Still waiting"), _("Median (hours)"),
        _("90th percentile (hours)"), _("SOP deadline"), _("Note"),
    ]  # fmt: skip
    tags = [
        "#indicator+step+code", "#indicator+step+name", "#indicator+num+timed", "#indicator+num+waiting",
        "#indicator+median+hours", "#indicator+p90+hours", "#meta+deadline", NOTE_TAG,
    ]  # fmt: skip
    rows: list[list[Cell]] = []
    for step in steps:
        values: list[Cell] = [
            step.timed,
            step.waiting,
            None if step.median_hours is None else round(step.median_hours, 1),
            None if step.p90_hours is None else round(step.p90_hours, 1),
        ]
        withheld = step.withheld or step.timed is None or step.waiting is None
        note = " ".join(
            part
            for part in [
                _withheld_note(k) + " " + _("No median or percentile of fewer than %(k)s records.") % {"k": k}
                if withheld
                else "",
                filters_text(filters),
            ]
            if part
        )
        rows.append([step.key, step.label, *values, step.deadline, note])
    return Sheet(key=dashboard.TIMINGS_KEY, title=_("Timings"), headers=headers, tags=tags, rows=rows)


def sheet_for(key: str, filters: counting.Filters, settings: NetworkSettings) -> Sheet:
    """The sheet of dashboard table ``key`` (``dashboard.KEYS``); KeyError for any other."""
    if key == dashboard.TIMINGS_KEY:
        return timings_sheet(dashboard.timings_published(filters, settings), filters, settings.small_cell_k)
    return count_sheet(dashboard.SPECS[key], filters, settings)


def _text(value: Cell) -> Any:
    """A text cell never starts a formula in a spreadsheet (a name beginning with "=" stays text)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def write_csv(sheet: Sheet, *, hxl: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(sheet.headers)
    if hxl:
        writer.writerow(sheet.tags)
    for row in sheet.rows:
        writer.writerow([_text(value) for value in row])
    return out.getvalue().encode("utf-8")


def write_xlsx(sheet: Sheet) -> bytes:
    workbook = Workbook()
    for blank in workbook.worksheets:
        workbook.remove(blank)
    worksheet = workbook.create_sheet(sheet.key[:31])
    rows: list[list[Cell]] = [list(sheet.headers), *sheet.rows]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue  # withheld: an empty cell
            cell = worksheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
    worksheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download(key: str, fmt: str, filters: counting.Filters, settings: NetworkSettings) -> tuple[bytes, str, str]:
    """The file's bytes, content type and name; KeyError for an unknown table or format."""
    content_type, extension = FORMATS[fmt]
    sheet = sheet_for(key, filters, settings)
    content = write_xlsx(sheet) if fmt == "xlsx" else write_csv(sheet, hxl=fmt == "hxl")
    name = f"psea-{key}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.{extension}"
    return content, content_type, name
