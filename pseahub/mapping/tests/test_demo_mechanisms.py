"""demo_mechanisms_load: the Mali members' complaint and feedback mechanisms, through the services, idempotent,
with districts in three regions and some not verified for six months."""

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.demo import DEMO_MECHANISMS, demo_mechanisms_load
from pseahub.mapping.mechanisms import mechanism_is_overdue
from pseahub.mapping.models import FeedbackMechanism, MechanismStatus
from pseahub.network.demo import demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_network():
    demo_load()


def test_it_creates_every_demo_mechanism_once(demo_network):
    created = demo_mechanisms_load()

    assert created == len(DEMO_MECHANISMS) >= 8
    assert AuditEvent.objects.filter(action=Action.MECHANISM_CREATED).count() == created
    assert demo_mechanisms_load() == 0
    assert FeedbackMechanism.objects.count() == created


def test_it_maps_districts_in_three_regions(demo_network):
    demo_mechanisms_load()

    districts = FeedbackMechanism.areas.through.objects.filter(area__admin_level=2)
    regions = {pcode[:4] for pcode in districts.values_list("area__pcode", flat=True)}
    assert {"ML05", "ML06", "ML07"} <= regions


def test_some_are_due_for_verification_and_not_all_are_active(demo_network):
    demo_mechanisms_load()
    mechanisms = list(FeedbackMechanism.objects.all())

    overdue = [m for m in mechanisms if mechanism_is_overdue(m)]
    assert 0 < len(overdue) < len(mechanisms)
    assert any(m.last_verified_at is None for m in overdue)  # never verified
    assert any(m.last_verified_at is not None for m in overdue)  # verified too long ago
    assert {m.status for m in mechanisms} >= {MechanismStatus.ACTIVE, MechanismStatus.SUSPENDED}
    assert all(m.verified_by is not None for m in mechanisms if m.last_verified_at)
