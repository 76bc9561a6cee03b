"""The coordinator sees every member's mechanisms, filters them, and verifies one (dated, audited)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import FeedbackMechanism
from pseahub.mapping.tests.factories import FeedbackMechanismFactory

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_all_and_filters(personas, client_for):
    FeedbackMechanismFactory(organisation=personas.org_a, name="Hotline Alpha")
    FeedbackMechanismFactory(
        organisation=personas.org_b, name="Desk Beta", last_verified_at=timezone.now() - timedelta(days=30)
    )
    FeedbackMechanismFactory(
        organisation=personas.org_b, name="Box Beta", status="closed",
        last_verified_at=timezone.now() - timedelta(days=300),
    )  # fmt: skip
    client = client_for(personas.coordinator)
    url = reverse("mapping:mechanisms")

    def names(query: dict) -> list[str]:
        page = client.get(url, query).content.decode()
        return [name for name in ("Hotline Alpha", "Desk Beta", "Box Beta") if name in page]

    assert names({}) == ["Hotline Alpha", "Desk Beta", "Box Beta"]
    assert names({"organisation": personas.org_b.pk}) == ["Desk Beta", "Box Beta"]
    assert names({"status": "closed"}) == ["Box Beta"]
    assert names({"overdue": "on"}) == ["Hotline Alpha", "Box Beta"]  # never verified, or 300 days ago


def test_the_coordinator_verifies_a_mechanism(personas, client_for):
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a, changed_since_verified=True)
    client = client_for(personas.coordinator)

    response = client.post(reverse("mapping:mechanism_verify", kwargs={"public_id": mechanism.public_id}))

    assert response.status_code == 302
    assert response["Location"] == reverse("mapping:mechanism", kwargs={"public_id": mechanism.public_id})
    mechanism.refresh_from_db()
    assert mechanism.verified_by == personas.coordinator
    assert timezone.now() - mechanism.last_verified_at < timedelta(minutes=1)
    assert not mechanism.changed_since_verified
    event = AuditEvent.objects.get(action=Action.MECHANISM_VERIFIED)
    assert (event.actor, event.target_id) == (personas.coordinator, str(mechanism.public_id))
    page = client.get(response["Location"]).content.decode()
    assert date_format(timezone.localtime(mechanism.last_verified_at), "DATE_FORMAT") in page


def test_a_focal_point_cannot_verify_even_their_own(personas, client_for):
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a)

    response = client_for(personas.focal_point_a).post(
        reverse("mapping:mechanism_verify", kwargs={"public_id": mechanism.public_id})
    )

    assert response.status_code == 403
    assert FeedbackMechanism.objects.get().last_verified_at is None
    assert not AuditEvent.objects.filter(action=Action.MECHANISM_VERIFIED).exists()
