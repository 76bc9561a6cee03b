"""Adding the same mechanism twice (a repeated POST) makes one: the organisation, type and name are unique, and
the form says why."""

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import FeedbackMechanism
from pseahub.mapping.tests.factories import mali_areas, mechanism_post

pytestmark = pytest.mark.django_db


def test_a_repeated_post_does_not_duplicate(personas, client_for):
    client = client_for(personas.focal_point_a)
    data = mechanism_post(personas.org_a, [mali_areas()["ML05"]])

    first = client.post(reverse("mapping:mechanism_new"), data)
    again = client.post(reverse("mapping:mechanism_new"), data)

    assert first.status_code == 302
    assert again.status_code == 400
    assert "already has a mechanism of this type with this name" in again.content.decode()
    assert FeedbackMechanism.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.MECHANISM_CREATED).count() == 1


def test_another_type_or_organisation_may_use_the_name(personas, client_for):
    areas = [mali_areas()["ML05"]]
    client_for(personas.focal_point_a).post(reverse("mapping:mechanism_new"), mechanism_post(personas.org_a, areas))
    client_for(personas.focal_point_a).post(
        reverse("mapping:mechanism_new"), mechanism_post(personas.org_a, areas, type="sms")
    )
    client_for(personas.focal_point_b).post(reverse("mapping:mechanism_new"), mechanism_post(personas.org_b, areas))

    assert FeedbackMechanism.objects.filter(name="Ligne verte").count() == 3
