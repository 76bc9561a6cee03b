"""A provider edits its own service in the registry: the change is saved and audited (field names, no text), and
an edit after a verification marks the service "changed since verified". It cannot hand the service to another
organisation."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import Service
from pseahub.mapping.tests.factories import ServiceFactory, mali_areas, service_post

pytestmark = pytest.mark.django_db


def _url(service) -> str:
    return reverse("mapping:service", kwargs={"public_id": service.public_id})


def test_the_provider_saves_every_field_and_the_edit_is_audited(personas, client_for):
    areas = mali_areas()
    service = ServiceFactory(provider=personas.org_a, name="Clinique de Sévaré", areas=[areas["ML05"]])
    data = service_post(personas.org_a, [areas["ML0501"]], hours="24 h/24", cost="subsidised")

    response = client_for(personas.provider).post(_url(service), data)

    assert response.status_code == 302 and response["Location"] == _url(service)
    service.refresh_from_db()
    assert service.hours == "24 h/24"
    assert service.cost == "subsidised"
    assert service.capacity == "20 par mois"
    assert service.referral_contact == "Dr Diallo, +223 70 00 00 02"
    assert service.post_rape_care_72h is True
    assert service.published_fields == ["contact_phone", "hours"]
    assert service.languages == ["fr", "ff"]
    assert [area.pcode for area in service.areas.all()] == ["ML0501"]
    event = AuditEvent.objects.get(action=Action.SERVICE_UPDATED)
    assert event.actor_id == personas.provider.pk
    assert "hours" in event.data["fields"] and "24 h/24" not in str(event.data)
    assert service.changed_since_verified is False  # never verified: nothing to mark


def test_an_edit_after_verification_marks_it_changed_since_verified(personas, client_for):
    areas = mali_areas()
    service = ServiceFactory(provider=personas.org_a, name="Clinique de Sévaré", areas=[areas["ML05"]])
    Service.objects.filter(pk=service.pk).update(last_verified_at=timezone.now(), verified_by=personas.coordinator)
    client = client_for(personas.provider)

    client.post(_url(service), service_post(personas.org_a, [areas["ML05"]], hours="24 h/24"))

    service.refresh_from_db()
    assert service.changed_since_verified is True
    assert service.last_verified_at is not None
    assert "changed since verified" in client.get(_url(service)).content.decode()
    assert "changed since verified" in client.get(reverse("mapping:services")).content.decode()


def test_the_provider_cannot_move_its_service_to_another_organisation(personas, client_for):
    areas = mali_areas()
    service = ServiceFactory(provider=personas.org_a, name="Clinique de Sévaré", areas=[areas["ML05"]])

    response = client_for(personas.provider).post(_url(service), service_post(personas.org_b, [areas["ML05"]]))

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    service.refresh_from_db()
    assert service.provider == personas.org_a
    assert not AuditEvent.objects.filter(action=Action.SERVICE_UPDATED).exists()


def test_the_writer_refuses_the_move_too(personas):
    from django.core.exceptions import ValidationError

    from pseahub.mapping.service_access import service_update_for

    service = ServiceFactory(provider=personas.org_a)
    with pytest.raises(ValidationError) as error:
        service_update_for(actor=personas.provider, service=service, provider=personas.org_b)
    assert "provider" in error.value.message_dict


def test_the_coordinator_moves_a_service(personas, client_for):
    areas = mali_areas()
    service = ServiceFactory(provider=personas.org_a, name="Clinique de Sévaré", areas=[areas["ML05"]])

    response = client_for(personas.coordinator).post(_url(service), service_post(personas.org_b, [areas["ML05"]]))

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.provider == personas.org_b


def test_the_admin_keeps_editing_without_the_keeper_check(personas):
    from pseahub.mapping.services import service_update

    service = ServiceFactory(provider=personas.org_a)
    service_update(actor=personas.admin, service=service, hours="9:00–12:00")  # noqa: RUF001
    service.refresh_from_db()
    assert service.hours == "9:00–12:00"  # noqa: RUF001
