"""The coverage page's bar charts: plain SVG drawn here (no JavaScript, no style attributes, which the
Content-Security-Policy would block: presentation attributes only), one horizontal bar per row of the table beside
it; the <svg role="img"> is named by its own <title> and <desc>. The insights app's pygal charts are not used:
apps of one layer do not import each other (``core/tests/test_layering.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

WIDTH = 420
LABEL_WIDTH = 130
BAR_HEIGHT = 20
GAP = 8
TOP = 8
COLOUR = "#0b5394"


def _short(label: str, length: int = 18) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def horizontal_bar_chart(*, chart_id: str, title: str, labels: Sequence[str], values: Sequence[int]) -> SafeString:
    """Bars top to bottom in the order given; the value is written at each bar's end."""
    top_value = max([*values, 1])
    plot = WIDTH - LABEL_WIDTH - 40
    height = TOP * 2 + max(1, len(values)) * (BAR_HEIGHT + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(chart_id)} class="training-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">'
        + escape("; ".join(f"{label}: {value}" for label, value in zip(labels, values, strict=True)) + ".")
        + "</desc>",
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + index * (BAR_HEIGHT + GAP)
        width = round(plot * value / top_value)
        middle = y + BAR_HEIGHT * 0.7
        parts += [
            f'<text x="{LABEL_WIDTH - 6}" y="{middle:.0f}" text-anchor="end" font-size="13" fill="#1a1a1a" '
            f'aria-hidden="true">{escape(_short(label))}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="{COLOUR}"/>',
            f'<text x="{LABEL_WIDTH + width + 4}" y="{middle:.0f}" font-size="13" fill="#1a1a1a" '
            f'aria-hidden="true">{value}</text>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
