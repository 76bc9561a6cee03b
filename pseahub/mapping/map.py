"""The coverage map (issue 14 item 5): the country's regions as an inline SVG choropleth, each filled by the share
of its districts (admin 2) that a measure covers — an active channel with SEA-trained staff, or an active service
of one of the gap types — with tables of every region and district as its alternative.

The boundaries (admin 1 only: no admin-2 geometry has a source yet, see network/data/boundaries/SOURCES.md) and
the SVG frame are ``pseahub.network.boundaries``'s; the coverage is ``gaps.area_coverage``'s. No script, no tiles.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.db import models
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pseahub.network.boundaries import attribution, boundaries, svg_frame, svg_text
from pseahub.network.models import Area

from .gaps import AreaCoverage, region_of


class Measure(models.TextChoices):
    SEA_CHANNEL = "sea_channel", gettext_lazy("Active channel with staff trained on SEA intake")
    HEALTH = "health", gettext_lazy("Clinical care after rape within 72 hours")
    PSYCHOSOCIAL = "psychosocial", gettext_lazy("Psychosocial support")
    LEGAL = "legal", gettext_lazy("Legal aid")
    SAFETY_SHELTER = "safety_shelter", gettext_lazy("Safety / shelter")
    MATERIAL_LIVELIHOOD = "material_livelihood", gettext_lazy("Material / livelihood")


#: The fill classes, by the share of a region's districts covered (a region without districts: covered or not).
CLASSES = (
    ("cov-none", gettext_lazy("None covered")),
    ("cov-some", gettext_lazy("Under half covered")),
    ("cov-most", gettext_lazy("Half or more covered")),
    ("cov-full", gettext_lazy("All covered")),
)


def share_class(share: float) -> str:
    if share <= 0:
        return "cov-none"
    if share >= 1:
        return "cov-full"
    return "cov-most" if share >= 0.5 else "cov-some"


def covering(covered: AreaCoverage, measure: str) -> list[object]:
    """The channels or services of ``measure`` covering the area."""
    if measure == Measure.SEA_CHANNEL:
        return list(covered.sea_channels)
    return list(covered.services.get(measure, []))


@dataclass
class AreaRow:
    area: Area
    covered: bool
    count: int  # channels or services covering the area itself


@dataclass
class RegionRow(AreaRow):
    districts: list[AreaRow] = field(default_factory=list)

    @property
    def districts_covered(self) -> int:
        return sum(1 for district in self.districts if district.covered)

    @property
    def share(self) -> float:
        if not self.districts:
            return 1.0 if self.covered else 0.0
        return self.districts_covered / len(self.districts)

    @property
    def css(self) -> str:
        return share_class(self.share)

    @property
    def share_text(self) -> str:
        if not self.districts:
            return _("covered") if self.covered else _("not covered")
        return _("%(covered)d of %(total)d districts covered") % {
            "covered": self.districts_covered,
            "total": len(self.districts),
        }

    @property
    def bar(self) -> SafeString:
        """A small bar of the share covered (a small multiple per region; its text is in the table)."""
        svg = ET.Element(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "class": "coverage-bar",
                "viewBox": "0 0 100 10",
                "aria-hidden": "true",
                "focusable": "false",
            },
        )
        ET.SubElement(svg, "rect", {"class": "bar-track", "x": "0", "y": "0", "width": "100", "height": "10"})
        width = f"{round(self.share * 100, 1):g}"
        ET.SubElement(
            svg, "rect", {"class": f"bar-fill {self.css}", "x": "0", "y": "0", "width": width, "height": "10"}
        )
        return svg_text(svg)


def coverage_rows(coverage: list[AreaCoverage], measure: str) -> list[RegionRow]:
    """One row per region with its districts' rows, by p-code."""
    areas = [covered.area for covered in coverage]
    regions: dict[int, RegionRow] = {}
    for covered in coverage:
        if covered.area.admin_level == 1:
            count = len(covering(covered, measure))
            regions[covered.area.pk] = RegionRow(area=covered.area, covered=count > 0, count=count)
    for covered in coverage:
        if covered.area.admin_level == 2 and (region := region_of(covered.area, areas)) is not None:
            count = len(covering(covered, measure))
            if region.pk in regions:
                regions[region.pk].districts.append(AreaRow(area=covered.area, covered=count > 0, count=count))
    return sorted(regions.values(), key=lambda row: row.area.pcode)


@dataclass
class CoverageMap:
    measure: str
    title: str
    regions: list[RegionRow]
    svg: SafeString | None = None
    attribution: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)


def coverage_map(*, coverage: list[AreaCoverage], measure: str, country_code: str) -> CoverageMap:
    """The map (when the country has boundaries) and its tables for ``measure``."""
    title = _("Coverage by region: %(measure)s") % {"measure": Measure(measure).label}
    result = CoverageMap(measure=measure, title=title, regions=coverage_rows(coverage, measure))
    result.legend = [(css, str(label)) for css, label in CLASSES]
    shapes = boundaries(country_code)
    if shapes is None:
        return result
    svg = svg_frame(
        map_id="coverage-map",
        css_class="coverage-map",
        shapes=shapes,
        title=title,
        description=_(
            "A map of the regions, each shaded by the share of its districts covered; "
            "the tables that follow give every region and district."
        ),
    )
    rows = {row.area.pcode: row for row in result.regions}
    group = ET.SubElement(svg, "g", {"class": "areas"})
    for shape in shapes.shapes:
        row = rows.get(shape.pcode)
        css = row.css if row is not None else "cov-none"
        path = ET.SubElement(group, "path", {"d": shape.path, "class": f"area {css}", "data-pcode": shape.pcode})
        name = row.area.display_name() if row is not None else shape.pcode
        ET.SubElement(path, "title").text = f"{name}: {row.share_text if row is not None else _('not covered')}"
    result.svg = svg_text(svg)
    result.attribution = attribution(country_code)
    return result
