"""The map of allegations by admin-1 area: one SVG path per area of the country's boundaries (``data/``), filled
by the class of its published count, a withheld count hatched. Drawn by hand (pygal's maps are world and French
maps only): lon/lat projected equirectangularly, longitudes scaled by the cosine of the middle latitude.

The country comes from the network settings' ``country_code`` (MLI or LBN); any other country has no map, and
the table (which is always shown) is the figure. Areas are matched to the table's rows by p-code.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DATA = Path(__file__).resolve().parent / "data"
BOUNDARIES = {"MLI": DATA / "mali_admin1.geojson", "LBN": DATA / "lebanon_admin1.geojson"}
ATTRIBUTION = {
    "MLI": "Mali boundaries: DNCT / DNP Mali and UN OCHA Mali, via geoBoundaries (www.geoboundaries.org), "
    "CC BY 4.0. Simplified and dissolved. P-codes: UN OCHA COD-AB, via HDX Global P-codes.",
    "LBN": "Lebanon boundaries: geoBoundaries (www.geoboundaries.org) / Wikimedia Commons, public domain. "
    "P-codes: UN OCHA COD-AB, via HDX Global P-codes.",
}
WIDTH = 600  # SVG units; the height follows the country's shape
MARGIN = 4
CLASSES = 4  # classes of shown, non-zero counts


@dataclass(frozen=True)
class Shape:
    pcode: str
    path: str  # SVG path data, in the map's units


@dataclass(frozen=True)
class Boundaries:
    width: float
    height: float
    shapes: tuple[Shape, ...]


@lru_cache(maxsize=4)
def boundaries(country_code: str) -> Boundaries | None:
    """The country's admin-1 shapes, projected into the map's units; ``None`` for a country without a file."""
    source = BOUNDARIES.get((country_code or "").upper())
    if source is None:
        return None
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    rings = {
        feature["properties"]["pcode"]: [ring for polygon in feature["geometry"]["coordinates"] for ring in polygon]
        for feature in features
    }
    points = [point for shape in rings.values() for ring in shape for point in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    stretch = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * stretch)
    height = (north - south) * scale + 2 * MARGIN

    def project(lon: float, lat: float) -> str:
        return f"{MARGIN + (lon - west) * stretch * scale:.1f},{MARGIN + (north - lat) * scale:.1f}"

    shapes = tuple(
        Shape(pcode, " ".join("M" + " L".join(project(lon, lat) for lon, lat in ring[:-1]) + " Z" for ring in shape))
        for pcode, shape in sorted(rings.items())
    )
    return Boundaries(width=WIDTH, height=round(height, 1), shapes=shapes)


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
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "id": map_id,
            "class": "insights-map",
            "viewBox": f"0 0 {shapes.width:g} {shapes.height:g}",
            "role": "img",
            "aria-labelledby": f"{map_id}-title {map_id}-desc",
        },
    )
    ET.SubElement(svg, "title", id=f"{map_id}-title").text = title
    withheld = sum(1 for shape in shapes.shapes if counts.get(shape.pcode, 0) is None)
    description = _("A map of the admin-1 areas, each shaded by its count; the table that follows gives them all.")
    if withheld:
        description += " " + ngettext(
            "%(count)s area is hatched: its count is withheld.",
            "%(count)s areas are hatched: their counts are withheld.",
            withheld,
        ) % {"count": withheld}
    ET.SubElement(svg, "desc", id=f"{map_id}-desc").text = description
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
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    return mark_safe(ET.tostring(svg, encoding="unicode")), legend  # noqa: S308 (ElementTree escapes every text)
