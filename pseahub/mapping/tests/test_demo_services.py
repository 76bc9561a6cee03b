"""demo_services_load: realistic Mali services from the demo organisations, through the service, idempotent."""

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.demo import DEMO_SERVICES, demo_services_load
from pseahub.mapping.models import Service, ServiceType, SexServed
from pseahub.mapping.selectors import service_list
from pseahub.network.demo import demo_load
from pseahub.network.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_network():
    demo_load()


def test_it_creates_every_demo_service_once(demo_network):
    created = demo_services_load()

    assert created == len(DEMO_SERVICES) >= 15
    assert AuditEvent.objects.filter(action=Action.SERVICE_CREATED).count() == created
    assert demo_services_load() == 0
    assert Service.objects.count() == created


def test_it_covers_every_type_of_help(demo_network):
    demo_services_load()

    assert set(service_list().values_list("type", flat=True)) == set(ServiceType.values)


def test_the_demo_provider_organisation_has_several_services(demo_network):
    demo_services_load()

    assert service_list().filter(provider__acronym="AMSS").count() >= 2


def test_it_includes_the_cases_a_referral_needs(demo_network):
    demo_services_load()

    child_protection = Service.objects.get(type=ServiceType.CHILD_PROTECTION, provider__acronym="SCI")
    assert child_protection.max_age == 17
    assert Service.objects.filter(sex_served=SexServed.FEMALE, provider__acronym="AMSS").exists()
    assert Service.objects.filter(is_active=False).exists()
    bandiagara = Area.objects.get(pcode="ML0501")
    assert service_list(area=bandiagara, sex="female", age_group="12-17").filter(type=ServiceType.HEALTH).exists()


def test_it_skips_services_whose_organisations_are_not_loaded():
    assert demo_services_load() == 0
    assert not Service.objects.exists()
