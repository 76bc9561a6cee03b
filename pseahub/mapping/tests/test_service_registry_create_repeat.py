"""Adding a service through the registry redirects to it; the same POST again makes no second one (a provider's
service names are unique) and the form says why."""

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import Service
from pseahub.mapping.tests.factories import mali_areas, service_post

pytestmark = pytest.mark.django_db


def test_a_post_redirects_to_the_new_service_and_a_repeat_does_not_duplicate(personas, client_for):
    client = client_for(personas.provider)
    data = service_post(personas.org_a, [mali_areas()["ML05"]])

    first = client.post(reverse("mapping:service_new"), data)
    again = client.post(reverse("mapping:service_new"), data)

    service = Service.objects.get()
    assert first.status_code == 302
    assert first["Location"] == reverse("mapping:service", kwargs={"public_id": service.public_id})
    assert service.provider == personas.org_a and service.referral_contact.startswith("Dr Diallo")
    assert again.status_code == 400
    assert "already exists" in again.content.decode()
    assert AuditEvent.objects.filter(action=Action.SERVICE_CREATED).count() == 1


def test_a_provider_cannot_add_a_service_for_another_organisation(personas, client_for):
    response = client_for(personas.provider).post(
        reverse("mapping:service_new"), service_post(personas.org_b, [mali_areas()["ML05"]])
    )

    assert response.status_code == 400
    assert not Service.objects.exists()


def test_the_provider_form_offers_only_its_organisation(personas, client_for):
    page = client_for(personas.provider).get(reverse("mapping:service_new")).content.decode()

    assert personas.org_a.name in page
    assert personas.org_b.name not in page
    assert "never published for a shelter or safe house" in page
