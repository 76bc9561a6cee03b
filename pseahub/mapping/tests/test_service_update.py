"""service_update: audited changes (field names; old/new only for codes, provider and areas by id)."""

import pytest
from django.core.exceptions import ValidationError

from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import Service, ServiceType
from pseahub.mapping.services import service_update
from pseahub.mapping.tests.factories import ServiceFactory, mali_areas
from pseahub.network.services import organisation_update
from pseahub.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _events():
    return AuditEvent.objects.filter(action=Action.SERVICE_UPDATED)


def test_it_changes_text_and_records_only_the_field_names():
    admin = UserFactory()
    service = ServiceFactory()

    service_update(actor=admin, service=service, contact_phone=" +223 70 99 99 99 ", notes="Bring an ID if you can.")

    stored = Service.objects.get()
    assert (stored.contact_phone, stored.notes) == ("+223 70 99 99 99", "Bring an ID if you can.")
    event = _events().get()
    assert (event.actor, event.target_id) == (admin, str(service.public_id))
    assert event.data == {"fields": ["contact_phone", "notes"]}


def test_it_records_old_and_new_codes_provider_and_areas():
    areas = mali_areas()
    old_provider, new_provider = OrganisationFactory(), OrganisationFactory()
    service = ServiceFactory(provider=old_provider, areas=[areas["ML05"]])

    service_update(
        actor=None,
        service=service,
        type=ServiceType.PSYCHOSOCIAL,
        max_age=17,
        provider=new_provider,
        areas=[areas["ML07"], areas["ML05"]],
    )

    stored = Service.objects.get()
    assert (stored.type, stored.max_age, stored.provider) == ("psychosocial", 17, new_provider)
    assert set(stored.areas.values_list("pcode", flat=True)) == {"ML05", "ML07"}
    assert _events().get().data == {
        "fields": ["areas", "max_age", "provider", "type"],
        "old": {"type": "health", "max_age": None, "provider": str(old_provider.public_id), "areas": ["ML05"]},
        "new": {
            "type": "psychosocial",
            "max_age": 17,
            "provider": str(new_provider.public_id),
            "areas": ["ML05", "ML07"],
        },
    }


def test_nothing_changed_writes_no_entry():
    areas = mali_areas()
    service = ServiceFactory(name="Clinic", areas=[areas["ML05"]])

    service_update(actor=None, service=service, name="Clinic", areas=[areas["ML05"]])

    assert not _events().exists()


def test_it_refuses_a_minimum_age_above_the_maximum_and_keeps_the_service():
    service = ServiceFactory(min_age=12, max_age=17)

    with pytest.raises(ValidationError) as error:
        service_update(actor=None, service=service, min_age=18)

    assert "max_age" in error.value.message_dict
    assert Service.objects.get().min_age == 12
    assert not _events().exists()


def test_it_refuses_to_move_the_service_to_an_inactive_provider():
    service = ServiceFactory()
    inactive = OrganisationFactory(is_active=False)

    with pytest.raises(ValidationError) as error:
        service_update(actor=None, service=service, provider=inactive)

    assert "provider" in error.value.message_dict
    assert Service.objects.get().provider != inactive


def test_a_service_of_a_provider_that_became_inactive_can_still_be_deactivated():
    service = ServiceFactory()
    organisation_update(actor=None, organisation=service.provider, is_active=False)
    service.provider.refresh_from_db()

    service_update(actor=None, service=service, is_active=False)

    assert not Service.objects.get().is_active
    assert _events().get().data == {"fields": ["is_active"], "old": {"is_active": True}, "new": {"is_active": False}}


def test_it_refuses_to_leave_the_service_without_areas():
    service = ServiceFactory()

    with pytest.raises(ValidationError):
        service_update(actor=None, service=service, areas=[])

    assert Service.objects.get().areas.count() == 1


def test_it_refuses_fields_it_does_not_manage():
    with pytest.raises(TypeError):
        service_update(actor=None, service=ServiceFactory(), public_id="x")
