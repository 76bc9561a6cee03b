"""The coverage map: one path per region of the boundaries, filled by the share of its districts covered for the
chosen measure, with <title> and <desc>, the legend and attribution, and the tables of regions and districts as its
alternative (covered yes/no, how many channels or services, a link to the region's gaps)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from pseahub.mapping.gaps import area_coverage
from pseahub.mapping.map import coverage_map
from pseahub.mapping.models import ServiceType
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.mapping.tests.gap_world import mali, sea_channel

pytestmark = pytest.mark.django_db
NS = "{http://www.w3.org/2000/svg}"


def _svg(drawn):
    return ET.fromstring(str(drawn.svg))  # noqa: S314 (our own output)


def test_each_region_is_a_path_filled_by_the_share_of_its_districts_covered():
    areas = mali()
    sea_channel([areas["ML0501"]])  # one of Mopti's two districts
    sea_channel([areas["ML07"]])  # the whole of Gao
    drawn = coverage_map(coverage=area_coverage(), measure="sea_channel", country_code="MLI")
    root = _svg(drawn)
    paths = {path.get("data-pcode"): path for path in root.iter(f"{NS}path")}
    assert set(paths) == {f"ML{n:02d}" for n in range(1, 11)}
    assert paths["ML05"].get("class") == "area cov-most"
    assert paths["ML07"].get("class") == "area cov-full"
    assert paths["ML01"].get("class") == "area cov-none"  # not in the network's areas: nothing covers it
    assert paths["ML05"].find(f"{NS}title").text == "Mopti: 1 of 2 districts covered"
    assert root.get("role") == "img" and root.find(f"{NS}title").text.startswith("Coverage by region")
    assert root.find(f"{NS}desc").text
    assert "<script" not in str(drawn.svg) and "style=" not in str(drawn.svg)
    assert "geoBoundaries" in drawn.attribution


def test_the_measure_is_a_service_type():
    areas = mali()
    ServiceFactory(type=ServiceType.LEGAL, areas=[areas["ML0502"]])
    ServiceFactory(type=ServiceType.HEALTH, post_rape_care_72h=False, areas=[areas["ML05"]])
    legal = coverage_map(coverage=area_coverage(), measure="legal", country_code="MLI")
    assert {p.get("data-pcode"): p.get("class") for p in _svg(legal).iter(f"{NS}path")}["ML05"] == "area cov-most"
    health = coverage_map(coverage=area_coverage(), measure="health", country_code="MLI")
    assert {p.get("data-pcode"): p.get("class") for p in _svg(health).iter(f"{NS}path")}["ML05"] == "area cov-none"


def test_no_map_without_boundaries_but_the_tables_stay():
    mali()
    drawn = coverage_map(coverage=area_coverage(), measure="sea_channel", country_code="BFA")
    assert drawn.svg is None and [row.area.pcode for row in drawn.regions] == ["ML05", "ML07"]


def test_the_page_has_the_map_its_legend_and_the_tables(personas, client_for):
    areas = mali()
    sea_channel([areas["ML0501"]])
    sea_channel([areas["ML0501"]], type="sms")
    page = client_for(personas.coordinator).get(reverse("mapping:coverage_map")).content.decode()
    assert page.count("<h1") == 1 and 'class="coverage-map"' in page and "map-legend" in page
    regions = page.split('id="coverage-regions"')[1].split("</table>")[0]
    assert "Mopti" in regions and "1 of 2 districts covered" in regions
    assert f'href="{reverse("mapping:gaps")}?area=ML05"' in regions
    districts = page.split('id="coverage-districts"')[1].split("</table>")[0]
    bandiagara = districts.split('data-pcode="ML0501"')[1].split("</tr>")[0]
    assert ">yes<" in bandiagara and ">2<" in bandiagara
    assert ">no<" in districts.split('data-pcode="ML0502"')[1].split("</tr>")[0]


def test_the_measure_comes_from_the_url_and_an_unknown_one_falls_back(personas, client_for):
    mali()
    client = client_for(personas.leadership)
    assert "Legal aid" in client.get(reverse("mapping:coverage_map"), {"measure": "legal"}).content.decode()
    page = client.get(reverse("mapping:coverage_map"), {"measure": "nonsense"})
    assert page.status_code == 200 and "Coverage by region: Active channel" in page.content.decode()
