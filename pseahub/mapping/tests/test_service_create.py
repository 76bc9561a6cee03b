"""service_create: validated, saved with its areas, and audited with ids and codes only."""

import pytest
from django.core.exceptions import ValidationError

from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import Service, ServiceType, SexServed
from pseahub.mapping.services import service_create
from pseahub.mapping.tests.factories import mali_areas
from pseahub.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _create(**overrides):
    areas = overrides.pop("areas", None) or [mali_areas()["ML05"]]
    data = {
        "actor": None,
        "name": "  Clinique juridique – Mopti  ",  # noqa: RUF001
        "type": ServiceType.LEGAL,
        "provider": overrides.pop("provider", None) or OrganisationFactory(acronym="AJM"),
        "areas": areas,
        "contact_phone": "+223 70 10 00 06",
        "hours": "Lun–ven 8:30–16:30",  # noqa: RUF001
        "languages": ["fr", "bm"],
        "notes": "Conseil gratuit.",
    }
    return service_create(**{**data, **overrides})


def test_it_creates_the_service_with_its_areas():
    service = _create(sex_served=SexServed.FEMALE, min_age=18)

    stored = Service.objects.get()
    assert stored == service
    assert stored.name == "Clinique juridique – Mopti"  # noqa: RUF001
    assert (stored.type, stored.sex_served, stored.min_age, stored.max_age) == ("legal", "female", 18, None)
    assert list(stored.areas.values_list("pcode", flat=True)) == ["ML05"]
    assert stored.languages == ["fr", "bm"]
    assert stored.is_active


def test_it_records_ids_and_codes_but_no_text():
    admin = UserFactory()
    provider = OrganisationFactory()
    areas = mali_areas()

    service = _create(actor=admin, provider=provider, areas=[areas["ML07"], areas["ML05"]], max_age=17)

    event = AuditEvent.objects.get(action=Action.SERVICE_CREATED)
    assert (event.actor, event.target_type, event.target_id) == (admin, "mapping.service", str(service.public_id))
    assert event.data == {
        "provider": str(provider.public_id),
        "type": "legal",
        "areas": ["ML05", "ML07"],
        "sex_served": "all",
        "min_age": None,
        "max_age": 17,
        "is_active": True,
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"min_age": 18, "max_age": 17}, "max_age"),
        ({"languages": ["French"]}, "languages"),
        ({"contact_email": "not an address"}, "contact_email"),
        ({"type": "food"}, "type"),
    ],
)
def test_it_refuses_bad_values_and_saves_nothing(overrides, field):
    with pytest.raises(ValidationError) as error:
        _create(**overrides)

    assert field in error.value.message_dict
    assert not Service.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.SERVICE_CREATED).exists()


def test_it_refuses_an_inactive_provider():
    with pytest.raises(ValidationError) as error:
        _create(provider=OrganisationFactory(is_active=False))

    assert "provider" in error.value.message_dict
    assert not Service.objects.exists()


def test_it_refuses_a_service_that_covers_no_area():
    with pytest.raises(ValidationError) as error:
        service_create(actor=None, name="Nowhere", type=ServiceType.OTHER, provider=OrganisationFactory(), areas=[])

    assert "areas" in error.value.message_dict
    assert not Service.objects.exists()


def test_it_refuses_the_same_name_twice_for_one_provider():
    provider = OrganisationFactory()
    _create(provider=provider, name="Clinic")

    with pytest.raises(ValidationError):
        _create(provider=provider, name="Clinic")

    assert Service.objects.count() == 1
    assert _create(name="Clinic").provider != provider  # another provider may use the name
