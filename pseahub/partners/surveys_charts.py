"""The survey's charts: horizontal bars of percentages (0 to 100), drawn here as plain SVG on the server (no
JavaScript, no style attribute: the Content-Security-Policy allows neither). Like the insights charts, each is an
<svg role="img"> named by its <title> and <desc>, and the table beside it gives the same figures; a withheld value
draws no bar and says "withheld". (The insights app's ``bar_chart`` draws counts and sits beside this app: not
imported.)"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 340  # readable at 360 px wide
LABEL_HEIGHT = 16
BAR_HEIGHT = 14
ROW = LABEL_HEIGHT + BAR_HEIGHT + 10
PLOT = 250  # the bar for 100 %
COLOUR = "#0b5394"


def _short(label: str, length: int = 46) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def _value(value: float | None) -> str:
    return _("withheld") if value is None else f"{value:.1f} %"


def percent_chart(*, chart_id: str, title: str, labels: Sequence[str], values: Sequence[float | None]) -> SafeString:
    height = 8 + ROW * len(labels)
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": str(WIDTH),
            "height": str(height),
            "id": chart_id,
            "class": "survey-chart",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "font-family": "DejaVu Sans, sans-serif",
            "font-size": "12",
        },
    )
    ET.SubElement(root, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{chart_id}-desc"}).text = (
        "; ".join(f"{label}: {_value(value)}" for label, value in zip(labels, values, strict=True)) + "."
    )
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        top = 8 + index * ROW
        ET.SubElement(root, "text", {"x": "0", "y": str(top + 12), "fill": "#222"}).text = _short(label)
        bar_top = top + LABEL_HEIGHT
        ET.SubElement(
            root,
            "rect",
            {"x": "0", "y": str(bar_top), "width": str(PLOT), "height": str(BAR_HEIGHT), "fill": "#e6e6e6"},
        )
        if value is not None:
            width = round(PLOT * max(0.0, min(100.0, value)) / 100, 1)
            ET.SubElement(
                root,
                "rect",
                {"x": "0", "y": str(bar_top), "width": str(width), "height": str(BAR_HEIGHT), "fill": COLOUR},
            )
        ET.SubElement(root, "text", {"x": str(PLOT + 6), "y": str(bar_top + 11), "fill": "#222"}).text = _value(value)
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308 (ElementTree escapes every text)
