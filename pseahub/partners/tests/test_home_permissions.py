"""The partners app's page: signed out → sign in; the network's readers open it from the header; others 403."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/partners/"


def test_signed_out_visitors_are_sent_to_sign_in():
    assert Client().get(URL)["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("persona", ["coordinator", "co_chair", "focal_point_a", "leadership"])
def test_the_networks_readers_open_it_from_the_header(personas, client_for, persona):
    client = client_for(getattr(personas, persona))
    assert client.get(URL).status_code == 200
    assert f'href="{reverse("partners:home")}"' in client.get(reverse("accounts:profile")).content.decode()


@pytest.mark.parametrize("persona", ["provider", "operator", "analyst", "donor", "hq", "admin", "no_role"])
def test_others_are_refused_and_have_no_link(personas, client_for, persona):
    client = client_for(getattr(personas, persona))
    assert client.get(URL).status_code == 403
    assert f'href="{URL}"' not in client.get(reverse("accounts:profile")).content.decode()
