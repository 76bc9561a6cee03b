"""service_list(area=...): a service covers its areas and every area below them (p-code prefix or parent)."""

import pytest

from pseahub.mapping.selectors import service_list
from pseahub.mapping.tests.factories import ServiceFactory, mali_areas
from pseahub.network.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def _names(**filters) -> set[str]:
    return set(service_list(**filters).values_list("name", flat=True))


def test_a_region_service_covers_the_region_and_its_districts_but_not_another_region():
    areas = mali_areas()
    ServiceFactory(name="Mopti clinic", areas=[areas["ML05"]])

    assert _names(area=areas["ML0501"]) == {"Mopti clinic"}
    assert _names(area=areas["ML05"]) == {"Mopti clinic"}
    assert _names(area=areas["ML07"]) == set()
    assert _names(area=areas["MLI"]) == set()


def test_a_country_service_covers_every_area():
    areas = mali_areas()
    ServiceFactory(name="National hotline", areas=[areas["MLI"]])

    for pcode in ("MLI", "ML05", "ML0501", "ML07"):
        assert _names(area=areas[pcode]) == {"National hotline"}, pcode


def test_a_district_service_does_not_cover_its_whole_region():
    areas = mali_areas()
    ServiceFactory(name="Bandiagara post", areas=[areas["ML0501"]])

    assert _names(area=areas["ML0501"]) == {"Bandiagara post"}
    assert _names(area=areas["ML05"]) == set()


def test_it_matches_by_p_code_prefix_even_without_a_parent_link():
    areas = mali_areas()
    orphan = AreaFactory(pcode="ML0502", name="Bankass", admin_level=2, parent=None)
    ServiceFactory(name="Mopti clinic", areas=[areas["ML05"]])

    assert _names(area=orphan) == {"Mopti clinic"}


def test_it_matches_by_parent_even_when_the_p_code_does_not_nest():
    areas = mali_areas()
    camp = AreaFactory(pcode="CAMP-17", name="Site de déplacés", admin_level=3, parent=areas["ML0501"])
    ServiceFactory(name="Mopti clinic", areas=[areas["ML05"]])
    ServiceFactory(name="National hotline", areas=[areas["MLI"]])
    ServiceFactory(name="Gao clinic", areas=[areas["ML07"]])

    assert _names(area=camp) == {"Mopti clinic", "National hotline"}


def test_a_service_on_several_areas_is_listed_once():
    areas = mali_areas()
    ServiceFactory(name="Two regions", areas=[areas["ML05"], areas["ML07"], areas["MLI"]])

    assert list(service_list(area=areas["ML0501"]).values_list("name", flat=True)) == ["Two regions"]


def test_without_an_area_it_lists_every_service():
    areas = mali_areas()
    ServiceFactory(name="Mopti clinic", areas=[areas["ML05"]])
    ServiceFactory(name="Gao clinic", areas=[areas["ML07"]])

    assert _names() == {"Mopti clinic", "Gao clinic"}
