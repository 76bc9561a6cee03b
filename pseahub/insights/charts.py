"""The dashboard's charts: SVG drawn by pygal on the server, inline in the page, without JavaScript.

pygal's output is cleaned before it is shown (``_clean``): its <style> element and every style attribute go
(the Content-Security-Policy allows stylesheets from the site only; ``static/insights/insights.css`` styles the
charts by pygal's class names instead), and so do its comments, its tooltip layer and the <desc> values it keeps
for its JavaScript tooltips. What remains is an <svg role="img"> named by its own <title> and <desc>; the table
beside each chart holds the same published figures, withheld ones included (a withheld value draws no bar).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

# Sizes in SVG units: pygal places its labels from them; the stylesheet sets the same sizes.
WIDTH, HEIGHT = 420, 300  # small enough that its 13-unit labels stay readable on a 360 px phone
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family="inherit",
    label_font_size=13,
    major_label_font_size=13,
    title_font_size=15,
    legend_font_size=13,
    value_font_size=13,
    tooltip_font_size=13,
    no_data_font_size=18,
    colors=("#0b5394",),
)
LONGEST_DESCRIPTION = 24  # values spelt out in a chart's <desc>; a longer table is pointed to instead


def _integer_labels(values: Sequence[int | None]) -> list[int]:
    """Whole-number ticks from 0 to just above the largest shown value, at most six."""
    top = max([value for value in values if value is not None] or [0])
    if top <= 0:
        return [0, 1]
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return list(range(0, int(math.ceil(top / step) * step) + 1, int(step)))


def _clean(root: Any) -> Any:
    """pygal's tree without what the CSP would block or a screen reader would read twice (module docstring)."""
    for parent in list(root.iter()):
        for child in list(parent):
            kind = child.tag if isinstance(child.tag, str) else "comment"
            classes = str(child.get("class", "")).split()
            if kind in ("comment", "style", "script", "desc", "title") or "tooltip-overlay" in classes:
                parent.remove(child)
        parent.attrib.pop("style", None)
    for defs in root.findall("defs"):
        if len(defs) == 0:
            root.remove(defs)
    return root


def _short(label: str, length: int) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def _description(labels: Sequence[str], values: Sequence[int | None]) -> str:
    if len(values) > LONGEST_DESCRIPTION:
        return _("A bar per row of the table that follows, which gives every value.")
    shown = [
        f"{label}: {_('withheld') if value is None else value}" for label, value in zip(labels, values, strict=True)
    ]
    return "; ".join(shown) + "."


def bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[int | None],
    x_title: str,
    y_title: str,
    horizontal: bool = False,
    short_labels: Sequence[str] | None = None,
) -> SafeString:
    """A bar chart of published values (``None``: withheld, no bar, and its label marked "*") as inline SVG,
    named by ``chart_id``; ``short_labels``, if given, label the bars (the <desc> keeps ``labels``). Horizontal
    bars run top to bottom in the table's order."""
    config = pygal.Config()
    config.js = []
    config.disable_xml_declaration = True
    config.show_legend = False
    config.width, config.height = WIDTH, HEIGHT + (max(0, len(labels) - 6) * 22 if horizontal else 0)
    config.style = STYLE
    config.title = title
    # pygal draws x_title under the plot and y_title beside it, whichever axis holds the labels.
    config.x_title, config.y_title = (y_title, x_title) if horizontal else (x_title, y_title)
    config.no_data_text = _("Nothing to show")
    config.print_values = False
    config.truncate_label = -1  # the labels are shortened here, where a withheld value's "*" is kept
    config.y_labels = _integer_labels(values)
    config.value_formatter = lambda value: f"{value:.0f}"
    if not horizontal and len(labels) > 6:
        config.x_label_rotation = 40
        config.x_labels_major_every = max(1, math.ceil(len(labels) / 7))
        config.show_minor_x_labels = False
    length = 16 if horizontal else 12
    marked = [
        _short(label, length - 2) + " *" if value is None else _short(label, length)
        for label, value in zip(short_labels or labels, values, strict=True)
    ]
    bars = list(values)
    if horizontal:  # pygal draws the first bar at the bottom
        marked, bars = marked[::-1], bars[::-1]
    chart = (pygal.HorizontalBar if horizontal else pygal.Bar)(config)
    chart.add_xml_filter(_clean)
    chart.x_labels = marked
    chart.add(y_title, bars)
    root = ET.fromstring(chart.render(is_unicode=True))  # noqa: S314 (pygal's output, just made)
    return _finish(root, chart_id=chart_id, title=title, description=_description(labels, values))


def _finish(root: ET.Element, *, chart_id: str, title: str, description: str) -> SafeString:
    root.set("id", chart_id)
    root.set("class", "insights-chart pygal-chart")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    title_element = ET.Element("title", id=f"{chart_id}-title")
    title_element.text = title
    desc_element = ET.Element("desc", id=f"{chart_id}-desc")
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308 (ElementTree escapes every text)
