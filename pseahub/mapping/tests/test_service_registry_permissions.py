"""Who may open the services registry's pages: signed out → sign in; roles other than provider and coordinator →
403; another organisation's provider → 404; the provider (its own services) and the coordinator → 200."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.mapping.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["focal_point_a", "operator", "analyst", "leadership", "co_chair", "donor", "hq", "admin", "no_role"]


def _urls(service) -> list[str]:
    return [
        reverse("mapping:services"),
        reverse("mapping:service_new"),
        reverse("mapping:service", kwargs={"public_id": service.public_id}),
    ]


def _verify(service) -> str:
    return reverse("mapping:service_verify", kwargs={"public_id": service.public_id})


def test_signed_out_visitors_are_sent_to_sign_in(personas):
    service = ServiceFactory(provider=personas.org_a)
    for url in _urls(service):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL)), url
    assert Client().post(_verify(service))["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_other_roles_are_refused(personas, client_for, persona):
    service = ServiceFactory(provider=personas.org_a)
    client = client_for(getattr(personas, persona))
    for url in _urls(service):
        assert client.get(url).status_code == 403, url
    assert client.post(_verify(service)).status_code == 403


@pytest.mark.parametrize("persona", ["provider", "coordinator"])
def test_the_provider_and_the_coordinator_open_every_page(personas, client_for, persona):
    service = ServiceFactory(provider=personas.org_a)
    client = client_for(getattr(personas, persona))
    for url in _urls(service):
        assert client.get(url).status_code == 200, url


def test_another_organisations_provider_gets_404(personas, client_for):
    service = ServiceFactory(provider=personas.org_a)
    other = UserFactory(email="provider.b@example.org")
    role_grant(actor=None, user=other, role=Role.SERVICE_PROVIDER, organisation=personas.org_b)
    client = client_for(other)
    assert client.get(reverse("mapping:service", kwargs={"public_id": service.public_id})).status_code == 404
    assert client.post(_verify(service)).status_code == 404
    assert service.name not in client.get(reverse("mapping:services")).content.decode()


def test_the_mapping_page_links_the_registry_for_providers_and_the_coordinator_only(personas, client_for):
    link = f'href="{reverse("mapping:services")}"'
    home = reverse("mapping:home")
    assert link in client_for(personas.provider).get(home).content.decode()
    assert link in client_for(personas.coordinator).get(home).content.decode()
    assert link not in client_for(personas.focal_point_a).get(home).content.decode()
    assert link not in client_for(personas.co_chair).get(home).content.decode()


def test_verify_answers_a_get_with_405(personas, client_for):
    service = ServiceFactory(provider=personas.org_a)
    assert client_for(personas.coordinator).get(_verify(service)).status_code == 405
