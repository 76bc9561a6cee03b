"""The action plan's quarterly progress report for leadership (issue 15 item 7), as PDF (WeasyPrint, DejaVu Sans,
right to left for Arabic) and XLSX (openpyxl): per outcome and output, the activities with their status, the
status counts, and the progress updates reported during the quarter. Rendered in the active language; nothing is
fetched while the PDF is made (``data:`` URLs only)."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from .models import ActivityStatus
from .plans import ProgressReport

FONT = "DejaVu Sans"


def _status_labels() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in ActivityStatus.choices]


def report_pdf(report: ProgressReport) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    context = {
        "report": report,
        "language": translation.get_language(),
        "rtl": translation.get_language_bidi(),
        "font": FONT,
        "statuses": _status_labels(),
    }
    html = render_to_string("planning/plan_report_pdf.html", context)
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf(pdf_tags=True)
    return pdf


def _text(value: object) -> str:
    """A text cell never starts a formula in a spreadsheet."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(sheet: Worksheet, values: Sequence[object], *, bold: bool = False) -> None:
    sheet.append([value if isinstance(value, int) else _text(value) for value in values])
    if bold:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)


def report_xlsx(report: ProgressReport) -> bytes:
    """Two sheets: the summary (status counts per outcome and output) and the activities with their quarter's
    updates (one row per update, or one row for an activity without any)."""
    rtl = translation.get_language_bidi()
    statuses = _status_labels()
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.sheet_view.rightToLeft = rtl
    plan = report.plan
    _row(summary, [_("Quarterly progress report"), f"{plan.title} v{plan.version}"], bold=True)
    _row(summary, [_("Quarter"), str(report.quarter)])
    _row(summary, [_("Status of the plan"), plan.get_status_display()])
    _row(summary, [_("Overdue at the end of the quarter"), report.overdue])
    _row(summary, [])
    _row(summary, [_("Outcome"), _("Output"), *(label for _v, label in statuses), _("Total")], bold=True)
    for outcome in report.outcomes:
        counts = outcome.counts
        total = sum(counts.values())
        _row(summary, [f"{outcome.code}. {outcome.title}", "", *(counts[v] for v, _l in statuses), total])
        for output in outcome.outputs:
            c = output.counts
            _row(summary, ["", str(output.output), *(c[v] for v, _l in statuses), sum(c.values())])
    _row(summary, [_("All activities"), "", *(report.counts[v] for v, _l in statuses), sum(report.counts.values())])

    activities = workbook.create_sheet(_("Activities")[:31])
    activities.sheet_view.rightToLeft = rtl
    headers = [
        _("Outcome"), _("Output"), _("Code"), _("Activity"), _("Lead organisation"), _("Supporting organisations"),
        _("Area"), _("Due date"), _("Indicator"), _("Baseline"), _("Target"), _("Status"), _("Update of"),
        _("Update status"), _("Progress"), _("Indicator value"),
    ]  # fmt: skip
    _row(activities, headers, bold=True)
    for outcome in report.outcomes:
        for output in outcome.outputs:
            for activity in output.activities:
                base = [
                    outcome.code, output.output.code, activity.code, activity.title, activity.lead.name,
                    ", ".join(o.name for o in activity.supporting.all()),
                    activity.area.display_name() if activity.area else "", activity.due_on.isoformat(),
                    activity.indicator, activity.baseline, activity.target, activity.get_status_display(),
                ]  # fmt: skip
                updates = output.updates.get(activity.pk, [])
                if not updates:
                    _row(activities, [*base, "", "", "", ""])
                for update in updates:
                    _row(
                        activities,
                        [*base, update.created_at.date().isoformat(), update.get_status_display(), update.progress,
                         update.value],
                    )  # fmt: skip
    for sheet in (summary, activities):
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    activities.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
