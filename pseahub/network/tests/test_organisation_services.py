"""organisation_create / organisation_update: validated writes, each with its audit entry."""

import pytest
from django.core.exceptions import ValidationError

from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.network.models import Organisation, OrganisationType
from pseahub.network.services import organisation_create, organisation_update

pytestmark = pytest.mark.django_db


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_it_creates_an_organisation_with_its_audit_entry():
    admin = UserFactory()

    organisation = organisation_create(
        actor=admin, name="  Aide Sahel ", acronym=" AS ", type=OrganisationType.NNGO, is_co_chair=True
    )

    stored = Organisation.objects.get()
    assert (stored.name, stored.acronym, stored.type) == ("Aide Sahel", "AS", "nngo")
    assert (stored.is_member, stored.is_co_chair, stored.is_active) == (True, True, True)
    [event] = _events(Action.ORGANISATION_CREATED)
    assert event.actor == admin
    assert (event.target_type, event.target_id) == ("network.organisation", str(organisation.public_id))
    assert event.data == {"type": "nngo", "is_member": True, "is_co_chair": True}


@pytest.mark.parametrize("org_type", OrganisationType.values)
def test_it_accepts_every_organisation_type(org_type):
    organisation = organisation_create(actor=None, name=f"Org {org_type}", type=org_type)

    assert Organisation.objects.get(pk=organisation.pk).type == org_type


def test_it_refuses_a_duplicate_name_and_records_nothing():
    organisation_create(actor=None, name="Aide Sahel", type=OrganisationType.NNGO)

    with pytest.raises(ValidationError) as failure:
        organisation_create(actor=None, name="Aide Sahel", type=OrganisationType.INGO)

    assert "name" in failure.value.message_dict
    assert Organisation.objects.count() == 1
    assert len(_events(Action.ORGANISATION_CREATED)) == 1


def test_it_refuses_an_unknown_type_and_records_nothing():
    with pytest.raises(ValidationError) as failure:
        organisation_create(actor=None, name="Aide Sahel", type="charity")

    assert "type" in failure.value.message_dict
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.ORGANISATION_CREATED).exists()


def test_it_updates_and_records_changed_fields_with_old_and_new_codes():
    admin = UserFactory()
    organisation = organisation_create(actor=None, name="Aide Sahel", acronym="AS", type=OrganisationType.NNGO)

    organisation_update(
        actor=admin, organisation=organisation, name="Aide Sahel Mali", type=OrganisationType.INGO, acronym="AS"
    )

    stored = Organisation.objects.get()
    assert (stored.name, stored.type) == ("Aide Sahel Mali", "ingo")
    [event] = _events(Action.ORGANISATION_UPDATED)
    assert event.actor == admin
    assert event.target_id == str(organisation.public_id)
    assert event.data == {"fields": ["name", "type"], "old": {"type": "nngo"}, "new": {"type": "ingo"}}


def test_it_deactivates_an_organisation_with_its_audit_entry():
    organisation = organisation_create(actor=None, name="Aide Sahel", type=OrganisationType.NNGO)

    organisation_update(actor=None, organisation=organisation, is_active=False)

    assert Organisation.objects.get().is_active is False
    [event] = _events(Action.ORGANISATION_UPDATED)
    assert event.data == {"fields": ["is_active"], "old": {"is_active": True}, "new": {"is_active": False}}


def test_it_records_nothing_when_nothing_changed():
    organisation = organisation_create(actor=None, name="Aide Sahel", acronym="AS", type=OrganisationType.NNGO)

    organisation_update(actor=None, organisation=organisation, name="Aide Sahel", acronym="AS")

    assert _events(Action.ORGANISATION_UPDATED) == []


def test_it_refuses_an_invalid_update_and_records_nothing():
    organisation_create(actor=None, name="Beta Aid", type=OrganisationType.INGO)
    organisation = organisation_create(actor=None, name="Aide Sahel", type=OrganisationType.NNGO)

    with pytest.raises(ValidationError):
        organisation_update(actor=None, organisation=organisation, name="Beta Aid")

    assert Organisation.objects.get(pk=organisation.pk).name == "Aide Sahel"
    assert _events(Action.ORGANISATION_UPDATED) == []


def test_it_refuses_fields_that_are_not_the_organisations_to_change():
    organisation = organisation_create(actor=None, name="Aide Sahel", type=OrganisationType.NNGO)
    public_id = organisation.public_id

    with pytest.raises(TypeError, match="public_id"):
        organisation_update(actor=None, organisation=organisation, public_id="00000000-0000-0000-0000-000000000000")

    assert Organisation.objects.get().public_id == public_id
    assert _events(Action.ORGANISATION_UPDATED) == []
