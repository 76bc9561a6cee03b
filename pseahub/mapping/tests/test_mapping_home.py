"""The header's one "Mapping" link and its page: for the roles that may open a part of the mapping; each sees the
parts they may open (the parts' own tests check which); everyone else is refused."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

MAPPING = ["coordinator", "focal_point_a", "provider", "co_chair", "leadership"]
OTHERS = ["operator", "analyst", "donor", "hq", "admin", "no_role"]


def test_signed_out_visitors_are_sent_to_sign_in():
    response = Client().get(reverse("mapping:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("persona", MAPPING)
def test_the_mapping_roles_have_the_header_link_and_the_page(personas, client_for, persona):
    client = client_for(getattr(personas, persona))
    page = client.get(reverse("mapping:home"))
    assert page.status_code == 200
    assert f'href="{reverse("mapping:home")}"' in page.content.decode()
    assert f'href="{reverse("mapping:directory")}"' in page.content.decode()


@pytest.mark.parametrize("persona", OTHERS)
def test_other_roles_have_neither(personas, client_for, persona):
    client = client_for(getattr(personas, persona))
    assert client.get(reverse("mapping:home")).status_code == 403
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("mapping:home")}"' not in profile


def test_only_focal_points_are_offered_their_listing(personas, client_for):
    link = f'href="{reverse("mapping:listing")}"'
    assert link in client_for(personas.focal_point_a).get(reverse("mapping:home")).content.decode()
    assert link not in client_for(personas.coordinator).get(reverse("mapping:home")).content.decode()
