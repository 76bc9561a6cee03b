"""Who may open the import pages: signed out → sign in; focal points and the coordinator import mechanisms,
service providers and the coordinator import services; every other role → 403. The confirmations are POST only."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = {
    "mechanisms": ["mapping:import_mechanisms", "mapping:import_mechanisms_template"],
    "services": ["mapping:import_services", "mapping:import_services_template"],
}
CONFIRM = {"mechanisms": "mapping:import_mechanisms_confirm", "services": "mapping:import_services_confirm"}
ALLOWED = {"mechanisms": {"coordinator", "focal_point_a"}, "services": {"coordinator", "provider"}}
EVERYONE = ["coordinator", "focal_point_a", "provider", "operator", "analyst", "leadership", "co_chair", "donor", "hq",
            "admin", "no_role"]  # fmt: skip


def test_signed_out_visitors_are_sent_to_sign_in():
    login = reverse(settings.LOGIN_URL)
    for kind, names in PAGES.items():
        for name in names:
            response = Client().get(reverse(name))
            assert response.status_code == 302 and response["Location"].startswith(login), name
        assert Client().post(reverse(CONFIRM[kind]))["Location"].startswith(login)


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("kind", ["mechanisms", "services"])
def test_each_role_gets_the_pages_of_its_imports_only(personas, client_for, persona, kind):
    client = client_for(getattr(personas, persona))
    expected = 200 if persona in ALLOWED[kind] else 403
    for name in PAGES[kind]:
        assert client.get(reverse(name)).status_code == expected, name
    assert client.post(reverse(CONFIRM[kind])).status_code == (302 if expected == 200 else 403)


def test_the_confirmations_answer_a_get_with_405(personas, client_for):
    client = client_for(personas.coordinator)
    for name in CONFIRM.values():
        assert client.get(reverse(name)).status_code == 405


def test_each_registry_links_its_import(personas, client_for):
    for persona in ("coordinator", "focal_point_a"):
        page = client_for(getattr(personas, persona)).get(reverse("mapping:mechanisms")).content.decode()
        assert f'href="{reverse("mapping:import_mechanisms")}"' in page, persona
        assert f'href="{reverse("mapping:import_services")}"' not in page, persona
    for persona in ("coordinator", "provider"):
        page = client_for(getattr(personas, persona)).get(reverse("mapping:services")).content.decode()
        assert f'href="{reverse("mapping:import_services")}"' in page, persona
