# ruff: noqa: RUF002
"""The round's heat map: sectors (rows) × areas (columns), each cell coloured by its class and carrying its score
and class in words (colour is never the only sign). An <svg role="img"> named by its <title> and <desc>; the page
shows the same figures in a table beside it. Presentation attributes only (no style attribute: the
Content-Security-Policy allows the site's stylesheets only). Used in the page and, inline, in the PDF. Laid out
left to right in every language (``direction="ltr"``: an Arabic page would otherwise anchor the labels at their
right end); no height, so that a phone's narrower width keeps its proportions.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .risk import Results, sector_label

#: Fill and text colours by class code (contrast at least 4.5:1); unknown classes and empty cells are grey.
COLOURS = {
    "high": ("#b3261e", "#ffffff"),
    "medium": ("#f2c230", "#1a1a1a"),
    "low": ("#2e7d32", "#ffffff"),
}
EMPTY = ("#e6e6e6", "#1a1a1a")
LABEL_WIDTH, CELL_WIDTH, HEADER_HEIGHT, ROW_HEIGHT = 190, 104, 40, 48


def score_text(score: float | None) -> str:
    return "—" if score is None else number_format(round(score, 1), decimal_pos=1)


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` in at most two lines of about ``width`` characters (the second shortened with …)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], (" ".join(lines[1:]))[: width - 1] + "…"]
    return lines


def heatmap_svg(results: Results, *, title: str, svg_id: str = "heatmap") -> SafeString:
    areas, grid = results.areas, results.grid()
    width = LABEL_WIDTH + CELL_WIDTH * max(len(areas), 1)
    height = HEADER_HEIGHT + ROW_HEIGHT * max(len(grid), 1)
    scored = [cell for _sector, cells in grid for cell in cells if cell.score is not None]
    high = [cell for cell in scored if cell.class_code == "high"]
    description = _(
        "%(scored)d of %(cells)d sector and area cells scored; %(high)d rated high. The table below gives every "
        "cell's score and class."
    ) % {"scored": len(scored), "cells": len(areas) * len(grid), "high": len(high)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{svg_id}" class="heatmap" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" aria-labelledby="{svg_id}-title {svg_id}-desc" '
        f'font-family="DejaVu Sans, sans-serif" font-size="12" direction="ltr">',
        f'<title id="{svg_id}-title">{escape(title)}</title>',
        f'<desc id="{svg_id}-desc">{escape(description)}</desc>',
    ]
    for column, area in enumerate(areas):
        x = LABEL_WIDTH + column * CELL_WIDTH + CELL_WIDTH / 2
        parts.append(
            f'<text x="{x:g}" y="{HEADER_HEIGHT - 12}" text-anchor="middle" font-weight="bold">'
            f"{escape(area.display_name()[:16])}</text>"
        )
    for row, (sector, cells) in enumerate(grid):
        y = HEADER_HEIGHT + row * ROW_HEIGHT
        lines = _wrapped(sector_label(sector), 26)
        for number, line in enumerate(lines):
            offset = ROW_HEIGHT / 2 + (number - (len(lines) - 1) / 2) * 15 + 4
            parts.append(f'<text x="4" y="{y + offset:g}">{escape(line)}</text>')
        for column, cell in enumerate(cells):
            x = LABEL_WIDTH + column * CELL_WIDTH
            fill, ink = COLOURS.get(cell.class_code, EMPTY)
            label = cell.class_label or _("not scored")
            parts.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{CELL_WIDTH - 2}" height="{ROW_HEIGHT - 2}" fill="{fill}" '
                f'stroke="#ffffff"/>'
            )
            parts.append(
                f'<text x="{x + CELL_WIDTH / 2:g}" y="{y + 20}" text-anchor="middle" fill="{ink}" font-weight="bold">'
                f"{escape(score_text(cell.score))}</text>"
            )
            parts.append(
                f'<text x="{x + CELL_WIDTH / 2:g}" y="{y + 37}" text-anchor="middle" fill="{ink}" font-size="11">'
                f"{escape(label[:16])}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
