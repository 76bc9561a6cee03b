"""demo_preferences_load: Mali consultations of the last two years in districts of Mopti, Tombouctou and Gao
and two regions, several groups with different preferences, idempotent; some preferred channel types have no
active demo mechanism there, so the gap table shows gaps."""

import pytest
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.coverage import covers_area
from pseahub.mapping.demo import demo_mechanisms_load
from pseahub.mapping.demo_preferences import DEMO_CONSULTATIONS, demo_preferences_load
from pseahub.mapping.models import CommunityConsultation, FeedbackMechanism, MechanismStatus
from pseahub.mapping.preferences import preferred_channels
from pseahub.network.demo import demo_load
from pseahub.network.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    demo_load()
    demo_mechanisms_load()


def test_it_creates_every_demo_consultation_once(demo):
    created = demo_preferences_load()
    assert created == len(DEMO_CONSULTATIONS) >= 12
    assert AuditEvent.objects.filter(action=Action.CONSULTATION_CREATED).count() == created
    assert demo_preferences_load() == 0
    consultations = CommunityConsultation.objects.all()
    assert {c.area.pcode[:4] for c in consultations} >= {"ML05", "ML06", "ML07"}
    assert {c.area.admin_level for c in consultations} == {1, 2}
    oldest = min(c.date for c in consultations)
    assert (timezone.localdate() - oldest).days <= 2 * 366


def test_groups_prefer_different_channels(demo):
    demo_preferences_load()
    top = {
        name: preferred_channels(sex=sex, age_group=age, disability=disability)
        for name, sex, age, disability in [
            ("women", "female", "adults", "all"),
            ("children", "all", "children", "all"),
            ("disability", "all", "all", "with"),
        ]
    }
    first = {name: {row.area: row.channel_type for row in rows if row.rank == 1} for name, rows in top.items()}
    assert first["women"]["ML0601"] == "help_desk"
    assert first["children"]["ML0504"] == "whatsapp"
    assert first["children"]["ML0703"] == "sms"
    assert first["disability"]["ML0701"] == "community"


@pytest.mark.parametrize(
    ("pcode", "channel"), [("ML0601", "help_desk"), ("ML0501", "help_desk"), ("ML0703", "sms"), ("ML0701", "community")]
)
def test_some_preferred_channels_have_no_active_mechanism(demo, pcode, channel):
    demo_preferences_load()
    area = Area.objects.get(pcode=pcode)
    assert channel in {row.channel_type for row in preferred_channels(area) if row.rank <= 2}
    active = FeedbackMechanism.objects.filter(covers_area(area, model=FeedbackMechanism), type=channel)
    assert not active.filter(status=MechanismStatus.ACTIVE).exists()
