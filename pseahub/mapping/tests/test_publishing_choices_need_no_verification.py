"""Choosing what the public directory shows is not a change of the registry's facts: a verified mechanism or
service whose publishing choices change stays verified (not "changed since verified"); a change of a fact marks it."""

import pytest
from django.utils import timezone

from pseahub.mapping.mechanisms import mechanism_update
from pseahub.mapping.services import service_update
from pseahub.mapping.tests.factories import FeedbackMechanismFactory, ServiceFactory, mali_areas

pytestmark = pytest.mark.django_db


def test_a_mechanisms_publishing_choices_keep_it_verified(personas):
    mechanism = FeedbackMechanismFactory(
        organisation=personas.org_a, areas=[mali_areas()["ML05"]], last_verified_at=timezone.now()
    )
    mechanism_update(actor=personas.focal_point_a, mechanism=mechanism, is_listed=True, published_fields=["contact"])
    mechanism.refresh_from_db()
    assert mechanism.is_listed and not mechanism.changed_since_verified

    mechanism_update(actor=personas.focal_point_a, mechanism=mechanism, days_hours="Lun-Ven 8h-16h")
    mechanism.refresh_from_db()
    assert mechanism.changed_since_verified


def test_a_services_publishing_choices_keep_it_verified(personas):
    service = ServiceFactory(areas=[mali_areas()["ML05"]], last_verified_at=timezone.now())
    service_update(actor=personas.coordinator, service=service, is_listed=True, published_fields=["hours"])
    service.refresh_from_db()
    assert service.is_listed and not service.changed_since_verified

    service_update(actor=personas.coordinator, service=service, capacity="20 per week")
    service.refresh_from_db()
    assert service.changed_since_verified
