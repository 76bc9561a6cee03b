"""The demo services carry what the registry maps (capacity, cost, referral contact, post-rape care at the Mopti and
Gao hospitals) and verification dates: most verified 1 to 5 months ago by the coordinator, two more than six months
ago, one never; the demo provider's organisation (AMSS) has a service to verify."""

import pytest

from pseahub.accounts.models import Role
from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.demo import demo_services_load
from pseahub.mapping.models import Service
from pseahub.mapping.service_access import service_is_overdue
from pseahub.network.demo import demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    demo_load()
    demo_services_load()
    return list(Service.objects.select_related("provider", "verified_by"))


def test_post_rape_care_at_the_mopti_and_gao_hospitals(services):
    hospitals = {service.name for service in services if service.post_rape_care_72h}
    assert len(hospitals) == 2 and all("Hôpital" in name for name in hospitals)
    assert all(
        service.referral_contact for service in services if service.is_active and service.provider.acronym != "MPFEF"
    )


def test_verification_dates(services):
    active = [service for service in services if service.is_active]
    overdue = [service for service in active if service_is_overdue(service)]
    never = [service for service in active if service.last_verified_at is None]
    assert len(never) == 1
    assert len(overdue) == 3  # two verified more than six months ago, and the one never verified
    verified = [service for service in services if service.verified_by is not None]
    assert all(service.verified_by.has_role(Role.COORDINATOR) for service in verified)
    assert AuditEvent.objects.filter(action=Action.SERVICE_VERIFIED).count() == len(verified)
    assert any(service.provider.acronym == "AMSS" for service in overdue)


def test_it_stays_idempotent(services):
    assert demo_services_load() == 0
