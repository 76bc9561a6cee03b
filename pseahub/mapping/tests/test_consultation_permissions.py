"""Who may open the community preferences pages: signed out → sign in; other roles → 403; focal points and the
coordinator → 200; a focal point sees only the consultations their organisation led (another's → 404)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.prefs import consultation

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["provider", "operator", "analyst", "leadership", "co_chair", "donor", "hq", "admin", "no_role"]


def _urls(item) -> list[str]:
    return [
        reverse("mapping:consultations"),
        reverse("mapping:consultation_new"),
        reverse("mapping:consultation_import"),
        reverse("mapping:consultation", kwargs={"public_id": item.public_id}),
        reverse("mapping:preferences"),
    ]


def test_signed_out_visitors_are_sent_to_sign_in(personas):
    item = consultation(mali_areas()["ML0501"], personas.org_a)
    for url in _urls(item):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL)), url
        assert Client().post(url)["Location"].startswith(reverse(settings.LOGIN_URL)), url


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_other_roles_are_refused(personas, client_for, persona):
    item = consultation(mali_areas()["ML0501"], personas.org_a)
    client = client_for(getattr(personas, persona))
    for url in _urls(item):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


@pytest.mark.parametrize("persona", ["focal_point_a", "coordinator"])
def test_focal_points_and_the_coordinator_open_every_page(personas, client_for, persona):
    item = consultation(mali_areas()["ML0501"], personas.org_a)
    client = client_for(getattr(personas, persona))
    for url in _urls(item):
        assert client.get(url).status_code == 200, url


def test_a_focal_point_sees_only_their_organisations_consultations(personas, client_for):
    areas = mali_areas()
    own = consultation(areas["ML0501"], personas.org_a)
    other = consultation(areas["ML07"], personas.org_b)
    unled = consultation(areas["ML05"], None)
    client = client_for(personas.focal_point_a)
    page = client.get(reverse("mapping:consultations")).content.decode()
    assert str(own.public_id) in page
    assert str(other.public_id) not in page and str(unled.public_id) not in page
    for item in (other, unled):
        url = reverse("mapping:consultation", kwargs={"public_id": item.public_id})
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    everything = client_for(personas.coordinator).get(reverse("mapping:consultations")).content.decode()
    assert all(str(item.public_id) in everything for item in (own, other, unled))


def test_the_list_filters_by_area_a_region_keeping_its_districts(personas, client_for):
    areas = mali_areas()
    district = consultation(areas["ML0501"], personas.org_a)
    region = consultation(areas["ML05"], personas.org_a)
    gao = consultation(areas["ML07"], personas.org_a)
    client = client_for(personas.coordinator)
    page = client.get(reverse("mapping:consultations"), {"area": areas["ML05"].pk}).content.decode()
    assert str(district.public_id) in page and str(region.public_id) in page
    assert str(gao.public_id) not in page


def test_the_mapping_page_links_community_preferences_for_those_roles_only(personas, client_for):
    link = f'href="{reverse("mapping:consultations")}"'
    home = reverse("mapping:home")
    assert link in client_for(personas.focal_point_a).get(home).content.decode()
    assert link in client_for(personas.coordinator).get(home).content.decode()
    assert link not in client_for(personas.provider).get(home).content.decode()
