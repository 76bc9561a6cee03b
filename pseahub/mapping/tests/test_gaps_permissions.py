"""Who may open the gap table, its download and the coverage map: signed out → sign in; roles other than the
coordinator, co-chairs and leadership → 403; those three → 200. The header links the gap table for them only."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.mapping.tests.gap_world import mali

pytestmark = pytest.mark.django_db

URLS = ["mapping:gaps", "mapping:gaps_xlsx", "mapping:coverage_map"]
OTHER_ROLES = ["focal_point_a", "provider", "operator", "analyst", "donor", "hq", "admin", "no_role"]
READERS = ["coordinator", "co_chair", "leadership"]


def test_signed_out_visitors_are_sent_to_sign_in():
    for name in URLS:
        response = Client().get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL)), name


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_other_roles_are_refused(personas, client_for, persona):
    client = client_for(getattr(personas, persona))
    for name in URLS:
        assert client.get(reverse(name)).status_code == 403, name


@pytest.mark.parametrize("persona", READERS)
def test_the_coordinator_co_chairs_and_leadership_open_every_page(personas, client_for, persona):
    mali()
    client = client_for(getattr(personas, persona))
    for name in URLS:
        assert client.get(reverse(name)).status_code == 200, name


def test_a_post_is_not_allowed(personas, client_for):
    client = client_for(personas.coordinator)
    for name in URLS:
        assert client.post(reverse(name)).status_code == 405, name


def test_the_mapping_page_links_the_gap_table_for_those_roles_only(personas, client_for):
    link = f'href="{reverse("mapping:gaps")}"'
    home = reverse("mapping:home")
    for persona in READERS:
        assert link in client_for(getattr(personas, persona)).get(home).content.decode(), persona
    for persona in ("provider", "focal_point_a"):
        assert link not in client_for(getattr(personas, persona)).get(home).content.decode(), persona
