"""demo_directory_load: the demo directory is realistic — listed mechanisms and focal points with chosen fields,
idempotent, audited — and the demo's directory page stays under 14 KB compressed in English, French and Arabic."""

import gzip

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.demo import demo_mechanisms_load, demo_services_load
from pseahub.mapping.demo_directory import DEMO_LISTED_FOCAL_POINTS, DEMO_LISTED_MECHANISMS, demo_directory_load
from pseahub.mapping.models import FeedbackMechanism
from pseahub.network.demo import demo_load
from pseahub.network.models import FocalPoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    demo_load()
    demo_services_load()
    demo_mechanisms_load()


def test_it_lists_demo_mechanisms_and_focal_points_once(demo):
    changed_before = dict(FeedbackMechanism.objects.values_list("name", "changed_since_verified"))

    assert demo_directory_load() == len(DEMO_LISTED_MECHANISMS) + len(DEMO_LISTED_FOCAL_POINTS)

    assert FeedbackMechanism.objects.filter(is_listed=True).count() == len(DEMO_LISTED_MECHANISMS)
    assert dict(FeedbackMechanism.objects.values_list("name", "changed_since_verified")) == changed_before
    listed = FocalPoint.objects.filter(is_listed=True, listing_agreed_at__isnull=False)
    assert listed.count() == len(DEMO_LISTED_FOCAL_POINTS)
    assert listed.filter(user__isnull=False).exists() and listed.filter(user__isnull=True).exists()
    events = AuditEvent.objects.filter(action=Action.FOCAL_POINT_UPDATED).count()
    assert demo_directory_load() == 0  # nothing newly listed
    assert AuditEvent.objects.filter(action=Action.FOCAL_POINT_UPDATED).count() == events


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_demo_directory_is_at_most_14_kb_compressed(demo, client, language):
    demo_directory_load()

    response = client.get("/directory/", headers={"accept-language": language})

    page = response.content.decode()
    assert "Ligne verte AMSS Tombouctou" in page and "80 00 21 21" in page
    assert "Aminata Traoré" in page and "Mariam Keïta" in page
    assert "Réunions chaque vendredi" not in page  # an unlisted mechanism's hours
    assert len(gzip.compress(response.content)) <= 14 * 1024
