"""Verifying a service: its provider (for its own services) and the coordinator mark it verified today; the
"changed since verified" mark goes; it is audited; a GET changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import Service
from pseahub.mapping.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _verify(service) -> str:
    return reverse("mapping:service_verify", kwargs={"public_id": service.public_id})


@pytest.mark.parametrize("persona", ["provider", "coordinator"])
def test_the_provider_and_the_coordinator_verify(personas, client_for, persona):
    user = getattr(personas, persona)
    service = ServiceFactory(provider=personas.org_a)
    Service.objects.filter(pk=service.pk).update(
        last_verified_at=timezone.now() - dt.timedelta(days=300), changed_since_verified=True
    )
    client = client_for(user)

    response = client.post(_verify(service))

    assert response.status_code == 302
    assert response["Location"] == reverse("mapping:service", kwargs={"public_id": service.public_id})
    service.refresh_from_db()
    assert timezone.now() - service.last_verified_at < dt.timedelta(minutes=1)
    assert service.verified_by == user
    assert service.changed_since_verified is False
    event = AuditEvent.objects.get(action=Action.SERVICE_VERIFIED)
    assert event.actor_id == user.pk and event.data == {"provider": str(personas.org_a.public_id)}
    page = client.get(response["Location"]).content.decode()
    assert "marked as verified today" in page
    assert user.display_name in page
