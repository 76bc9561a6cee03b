"""The coordinator keeps every member's mechanisms (edits any of them); only the coordinator sees "verify"."""

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.tests.factories import FeedbackMechanismFactory, mali_areas, mechanism_post

pytestmark = pytest.mark.django_db


def test_the_coordinator_edits_a_members_mechanism(personas, client_for):
    areas = mali_areas()
    mechanism = FeedbackMechanismFactory(organisation=personas.org_b, name="Ligne verte", areas=[areas["ML05"]])
    url = reverse("mapping:mechanism", kwargs={"public_id": mechanism.public_id})

    response = client_for(personas.coordinator).post(
        url, mechanism_post(personas.org_b, [areas["ML05"], areas["ML0501"]], cost="caller_pays")
    )

    assert response.status_code == 302
    mechanism.refresh_from_db()
    assert mechanism.cost == "caller_pays"
    assert sorted(mechanism.areas.values_list("pcode", flat=True)) == ["ML05", "ML0501"]
    assert not mechanism.changed_since_verified  # never verified: nothing to mark
    event = AuditEvent.objects.get(action=Action.MECHANISM_UPDATED)
    assert event.actor == personas.coordinator
    assert event.data["new"]["areas"] == ["ML05", "ML0501"]


def test_the_verify_button_is_the_coordinators(personas, client_for):
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a)
    url = reverse("mapping:mechanism", kwargs={"public_id": mechanism.public_id})
    verify = reverse("mapping:mechanism_verify", kwargs={"public_id": mechanism.public_id})

    assert verify in client_for(personas.coordinator).get(url).content.decode()
    assert verify not in client_for(personas.focal_point_a).get(url).content.decode()
