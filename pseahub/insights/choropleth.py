"""The map of allegations by admin-1 area: one SVG path per area of the country's boundaries, filled by the class of
its published count, a withheld count hatched. The boundaries (``network/data/boundaries/``), their projection and
the SVG frame are ``pseahub.network.boundaries``'s.

The country comes from the network settings' ``country_code`` (MLI or LBN); any other country has no map, and
the table (which is always shown) is the figure. Areas are matched to the table's rows by p-code.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The boundaries and the SVG frame are shared with the mapping coverage map (network sits below both apps).
from pseahub.network.boundaries import ATTRIBUTION, Boundaries, Shape, boundaries, svg_frame, svg_text

__all__ = ["ATTRIBUTION", "Boundaries", "CountClass", "Shape", "area_class", "boundaries", "choropleth"]

CLASSES = 4  # classes of shown, non-zero counts


@dataclass(frozen=True)
class CountClass:
    """One class of the legend: counts from ``low`` to ``high`` (inclusive) filled as ``css``."""

    css: str
    low: int
    high: int

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}\u2013{self.high}"  # an en dash


def count_classes(counts: list[int | None], k: int) -> list[CountClass]:
    """Up to four classes of equal width from k (the smallest count that can be shown, apart from 0) to the
    largest shown count."""
    shown = [count for count in counts if count]
    if not shown:
        return []
    low, high = min(min(shown), k), max(shown)
    width = max(1, math.ceil((high - low + 1) / CLASSES))
    classes = []
    for index in range(CLASSES):
        start = low + index * width
        if start > high:
            break
        classes.append(CountClass(f"area-class-{index + 1}", start, min(high, start + width - 1)))
    return classes


def area_class(count: int | None, classes: list[CountClass]) -> str:
    if count is None:
        return "area-withheld"
    if count == 0:
        return "area-zero"
    return next((c.css for c in classes if c.low <= count <= c.high), classes[-1].css if classes else "area-zero")


def choropleth(
    *,
    map_id: str,
    country_code: str,
    title: str,
    counts: dict[str, int | None],
    names: dict[str, str],
    k: int,
) -> tuple[SafeString, list[tuple[str, str]]] | None:
    """The map as inline SVG, and its legend as (css class, label) pairs; ``None`` without boundaries.

    ``counts`` are published counts by admin-1 p-code (``None``: withheld; an area of the boundaries missing from
    it counts 0), ``names`` the areas' names as the table shows them."""
    shapes = boundaries(country_code)
    if shapes is None:
        return None
    classes = count_classes(list(counts.values()), k)
    withheld = sum(1 for shape in shapes.shapes if counts.get(shape.pcode, 0) is None)
    description = _("A map of the admin-1 areas, each shaded by its count; the table that follows gives them all.")
    if withheld:
        description += " " + ngettext(
            "%(count)s area is hatched: its count is withheld.",
            "%(count)s areas are hatched: their counts are withheld.",
            withheld,
        ) % {"count": withheld}
    svg = svg_frame(map_id=map_id, css_class="insights-map", shapes=shapes, title=title, description=description)
    defs = ET.SubElement(svg, "defs")
    pattern = ET.SubElement(
        defs,
        "pattern",
        id=f"{map_id}-hatch",
        width="6",
        height="6",
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    ET.SubElement(pattern, "rect", width="6", height="6", fill="#f0f0f0")
    ET.SubElement(pattern, "line", x1="0", y1="0", x2="0", y2="6", stroke="#595959", attrib={"stroke-width": "2"})
    areas = ET.SubElement(svg, "g", {"class": "areas"})
    for shape in shapes.shapes:
        count = counts.get(shape.pcode, 0)
        css = area_class(count, classes)
        path = ET.SubElement(areas, "path", {"d": shape.path, "class": f"area {css}", "data-pcode": shape.pcode})
        if count is None:
            path.set("fill", f"url(#{map_id}-hatch)")  # a presentation attribute, not a style: the CSP allows it
        name = names.get(shape.pcode, shape.pcode)
        value = _("withheld") if count is None else str(count)
        ET.SubElement(path, "title").text = f"{name}: {value}"
    legend = [("area-zero", "0"), *[(c.css, c.label) for c in classes]]
    if withheld:
        legend.append(("area-withheld", _("withheld")))
    return svg_text(svg), legend
