"""/directory/: the public directory's services — open to anyone, filtered by type and area, never showing inactive
ones. /services (its old address) redirects there, keeping the filters."""

import pytest
from django.urls import reverse

from pseahub.mapping.models import ServiceType, SexServed
from pseahub.mapping.tests.factories import ServiceFactory, mali_areas
from pseahub.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = "/directory/"


@pytest.fixture
def services():
    areas = mali_areas()
    ServiceFactory(name="Mopti clinic", type=ServiceType.HEALTH, areas=[areas["ML05"]])
    ServiceFactory(name="Gao lawyers", type=ServiceType.LEGAL, areas=[areas["ML07"]])
    ServiceFactory(name="National hotline", type=ServiceType.OTHER, areas=[areas["MLI"]])
    ServiceFactory(
        name="Women's safe space",
        type=ServiceType.SAFETY_SHELTER,
        sex_served=SexServed.FEMALE,
        areas=[areas["ML0501"]],
    )
    ServiceFactory(name="Closed clinic", type=ServiceType.HEALTH, is_active=False, areas=[areas["ML05"]])
    ServiceFactory(name="Gone provider", provider=OrganisationFactory(is_active=False), areas=[areas["ML05"]])
    return areas


def _shown(response) -> set[str]:
    names = {"Mopti clinic", "Gao lawyers", "National hotline", "Women's safe space", "Closed clinic", "Gone provider"}
    content = response.content.decode()
    return {name for name in names if name.replace("'", "&#x27;") in content}


def test_it_is_the_directory_url():
    assert reverse("mapping:directory") == URL


def test_the_old_services_address_redirects_to_the_directorys_services_keeping_the_filters(client):
    response = client.get("/services", {"type": "health", "area": "ML05", "other": "x"})

    assert response.status_code == 301
    assert response["Location"] == "/directory/?type=health&area=ML05#services"
    assert client.get("/services")["Location"] == "/directory/#services"


def test_anyone_can_read_it_without_signing_in(client, services):
    response = client.get(URL)

    assert response.status_code == 200
    assert _shown(response) == {"Mopti clinic", "Gao lawyers", "National hotline", "Women's safe space"}
    assert b"+223 70 00 00 99" in response.content
    assert b'<form method="get"' in response.content


def test_it_never_shows_an_inactive_service_whatever_the_filters(client, services):
    for query in ({}, {"area": "ML05"}, {"type": "health"}, {"area": "ML0501", "type": "health"}):
        shown = _shown(client.get(URL, query))
        assert not shown & {"Closed clinic", "Gone provider"}, query


def test_it_filters_by_type(client, services):
    response = client.get(URL, {"type": "legal"})

    assert _shown(response) == {"Gao lawyers"}


def test_it_filters_by_area_including_services_of_the_areas_above(client, services):
    assert _shown(client.get(URL, {"area": "ML0501"})) == {"Mopti clinic", "National hotline", "Women's safe space"}
    assert _shown(client.get(URL, {"area": "ML07"})) == {"Gao lawyers", "National hotline"}


def test_it_combines_type_and_area(client, services):
    assert _shown(client.get(URL, {"area": "ML07", "type": "health"})) == set()
    assert b"No service matches these filters." in client.get(URL, {"area": "ML07", "type": "health"}).content


def test_it_ignores_an_unknown_filter_value(client, services):
    response = client.get(URL, {"area": "XX99", "type": "legal"})

    assert response.status_code == 200
    assert _shown(response) == {"Gao lawyers"}


def test_the_browser_may_keep_it_briefly_but_no_shared_cache(client, services):
    cache_control = {part.strip() for part in client.get(URL)["Cache-Control"].split(",")}

    assert {"private", "max-age=300"} <= cache_control


def test_a_signed_in_user_gets_it_uncached(personas, client_for, services):
    response = client_for(personas.coordinator).get(URL)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_it_only_answers_reads(client, services):
    assert client.post(URL, {"type": "legal"}).status_code == 405
