"""The country's admin-1 boundaries, projected for an inline SVG map, and the frame of such a map (shared by the
insights dashboard's choropleth and the mapping coverage map; both apps sit above network).

Drawn by hand (pygal's maps are world and French maps only): lon/lat projected equirectangularly, longitudes
scaled by the cosine of the middle latitude. The files are in ``data/boundaries/`` (their SOURCES.md gives the
provenance and the attribution to show under every map). Areas are matched by p-code.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe

DATA = Path(__file__).resolve().parent / "data" / "boundaries"
BOUNDARIES = {"MLI": DATA / "mali_admin1.geojson", "LBN": DATA / "lebanon_admin1.geojson"}
ATTRIBUTION = {
    "MLI": "Mali boundaries: DNCT / DNP Mali and UN OCHA Mali, via geoBoundaries (www.geoboundaries.org), "
    "CC BY 4.0. Simplified and dissolved. P-codes: UN OCHA COD-AB, via HDX Global P-codes.",
    "LBN": "Lebanon boundaries: geoBoundaries (www.geoboundaries.org) / Wikimedia Commons, public domain. "
    "P-codes: UN OCHA COD-AB, via HDX Global P-codes.",
}
WIDTH = 600  # SVG units; the height follows the country's shape
MARGIN = 4
SVG_NS = "http://www.w3.org/2000/svg"


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


def attribution(country_code: str) -> str:
    """The credit to show under a map of the country ("" without boundaries)."""
    return ATTRIBUTION.get((country_code or "").upper(), "")


def svg_frame(*, map_id: str, css_class: str, shapes: Boundaries, title: str, description: str) -> ET.Element:
    """An ``<svg>`` image named by its ``<title>`` and ``<desc>`` (``aria-labelledby``), sized to the shapes."""
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "id": map_id,
            "class": css_class,
            "viewBox": f"0 0 {shapes.width:g} {shapes.height:g}",
            "role": "img",
            "aria-labelledby": f"{map_id}-title {map_id}-desc",
        },
    )
    ET.SubElement(svg, "title", id=f"{map_id}-title").text = title
    ET.SubElement(svg, "desc", id=f"{map_id}-desc").text = description
    return svg


def svg_text(svg: ET.Element) -> SafeString:
    """The SVG as markup to put inline in a page (no script, no style: the CSP allows it)."""
    ET.register_namespace("", SVG_NS)
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308 (ElementTree escapes every text)
