"""The directory's area filter (GET, no JavaScript) keeps the mechanisms and services covering the area,
from above too; the focal points serve their whole organisation and stay. The type filter narrows the services."""

import pytest
from django.utils import timezone

from pseahub.mapping.models import ServiceType
from pseahub.mapping.tests.factories import FeedbackMechanismFactory, ServiceFactory, mali_areas
from pseahub.network.tests.factories import FocalPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    areas = mali_areas()
    FeedbackMechanismFactory(name="Mopti line", areas=[areas["ML05"]], is_listed=True)
    FeedbackMechanismFactory(name="Gao desk", areas=[areas["ML07"]], is_listed=True)
    ServiceFactory(name="Bandiagara clinic", type=ServiceType.HEALTH, areas=[areas["ML0501"]])
    ServiceFactory(name="National legal aid", type=ServiceType.LEGAL, areas=[areas["MLI"]])
    ServiceFactory(name="Gao clinic", type=ServiceType.HEALTH, areas=[areas["ML07"]])
    FocalPointFactory(name="Listed person", is_listed=True, published_fields=["name"], listing_agreed_at=timezone.now())


def _names(client, query) -> set[str]:
    page = client.get("/directory/", query).content.decode()
    names = ("Mopti line", "Gao desk", "Bandiagara clinic", "National legal aid", "Gao clinic", "Listed person")
    return {name for name in names if name in page}


def test_an_area_keeps_what_covers_it(client, entries):
    assert _names(client, {"area": "ML0501"}) == {
        "Mopti line",
        "Bandiagara clinic",
        "National legal aid",
        "Listed person",
    }
    assert _names(client, {"area": "ML07"}) == {"Gao desk", "National legal aid", "Gao clinic", "Listed person"}


def test_the_type_narrows_the_services_only(client, entries):
    assert _names(client, {"area": "ML07", "type": "health"}) == {"Gao desk", "Gao clinic", "Listed person"}


def test_an_unknown_area_is_ignored(client, entries):
    response = client.get("/directory/", {"area": "XX99"})

    assert response.status_code == 200
    assert len(_names(client, {"area": "XX99"})) == 6


def test_the_printable_link_keeps_the_filters(client, entries):
    page = client.get("/directory/", {"area": "ML07", "type": "health"}).content.decode()

    assert 'href="/directory/print.pdf?area=ML07&amp;type=health"' in page


def test_it_is_cached_briefly_by_the_browser_only_and_only_answers_reads(client, entries):
    response = client.get("/directory/")

    assert {"private", "max-age=300"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert client.post("/directory/").status_code == 405
