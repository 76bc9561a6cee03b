"""The map: one SVG path per admin-1 area of the country's boundaries, matched by p-code, filled by the class of
its published count (zero, one of up to four classes, or hatched when withheld), each named by a <title>."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from pseahub.insights.choropleth import area_class, boundaries, choropleth, count_classes

NS = "{http://www.w3.org/2000/svg}"
MALI = {f"ML{n:02d}" for n in range(1, 11)}
LEBANON = {f"LB{n}" for n in range(1, 9)}


def _map(country: str = "MLI", counts=None, k: int = 5):
    drawn = choropleth(
        map_id="map-area", country_code=country, title="Allegations by area",
        counts=counts if counts is not None else {}, names={"ML05": "Mopti", "ML07": "Gao"}, k=k,
    )  # fmt: skip
    assert drawn is not None
    svg, legend = drawn
    return str(svg), ET.fromstring(str(svg)), legend  # noqa: S314 (our own output)


def _paths(root) -> dict[str, ET.Element]:
    return {path.get("data-pcode"): path for path in root.iter(f"{NS}path")}


@pytest.mark.parametrize(("country", "pcodes"), [("MLI", MALI), ("LBN", LEBANON), ("lbn", LEBANON)])
def test_one_path_per_admin_1_area(country, pcodes):
    _svg, root, _legend = _map(country)
    paths = _paths(root)
    assert set(paths) == pcodes and len(list(root.iter(f"{NS}path"))) == len(pcodes)
    assert all(path.get("d").startswith("M") and path.get("d").endswith("Z") for path in paths.values())


def test_each_area_is_filled_by_the_class_of_its_published_count():
    counts = {"ML01": 5, "ML02": 8, "ML05": 12, "ML07": None, "ML09": 0}
    _svg, root, legend = _map(counts=counts)
    classes = {pcode: path.get("class") for pcode, path in _paths(root).items()}
    # Four classes of width 2 from k = 5 to 12: 5 to 6, 7 to 8, 9 to 10, 11 to 12.
    assert classes["ML01"] == "area area-class-1"
    assert classes["ML02"] == "area area-class-2"
    assert classes["ML05"] == "area area-class-4"
    assert classes["ML07"] == "area area-withheld"
    assert classes["ML09"] == "area area-zero" and classes["ML03"] == "area area-zero"  # 0, and not in the table
    assert _paths(root)["ML07"].get("fill") == "url(#map-area-hatch)"
    assert legend == [
        ("area-zero", "0"), ("area-class-1", "5\u20136"), ("area-class-2", "7\u20138"), ("area-class-3", "9\u201310"),
        ("area-class-4", "11\u201312"), ("area-withheld", "withheld"),
    ]  # fmt: skip


def test_each_area_names_itself_and_its_count():
    _svg, root, _legend = _map(counts={"ML05": 12, "ML07": None})
    titles = {pcode: path.find(f"{NS}title").text for pcode, path in _paths(root).items()}
    assert titles["ML05"] == "Mopti: 12" and titles["ML07"] == "Gao: withheld" and titles["ML01"] == "ML01: 0"


def test_the_map_is_an_image_named_by_its_title_and_description_without_script_or_style():
    svg, root, _legend = _map(counts={"ML07": None})
    assert root.get("role") == "img" and root.get("aria-labelledby") == "map-area-title map-area-desc"
    assert root.find(f"{NS}title").text == "Allegations by area"
    assert "1 area is hatched" in root.find(f"{NS}desc").text
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg


@pytest.mark.parametrize("country", ["", "FRA", "BFA"])
def test_no_map_without_boundaries(country):
    assert boundaries(country) is None
    assert choropleth(map_id="m", country_code=country, title="t", counts={}, names={}, k=5) is None


def test_the_map_keeps_the_country_s_proportions():
    mali, lebanon = boundaries("MLI"), boundaries("LBN")
    assert mali is not None and lebanon is not None
    assert mali.width == lebanon.width == 600
    assert 0.8 < mali.height / mali.width < 1.1  # Mali is about as tall as it is wide
    assert lebanon.height > lebanon.width  # Lebanon is tall and narrow


def test_classes_start_at_k_and_are_never_empty_ranges():
    assert count_classes([None, 0], 5) == []
    assert [(c.low, c.high) for c in count_classes([5], 5)] == [(5, 5)]
    assert [(c.low, c.high) for c in count_classes([6, 7], 5)] == [(5, 5), (6, 6), (7, 7)]
    assert area_class(None, []) == "area-withheld" and area_class(0, []) == "area-zero"
