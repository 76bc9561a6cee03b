"""A focal point adds and edits their own organisation's mechanisms from the pages; each write is audited."""

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.mechanisms import mechanism_verify
from pseahub.mapping.models import FeedbackMechanism
from pseahub.mapping.tests.factories import mali_areas, mechanism_post

pytestmark = pytest.mark.django_db


def test_a_focal_point_adds_a_mechanism_that_covers_a_district(personas, client_for):
    areas = mali_areas()
    client = client_for(personas.focal_point_a)

    response = client.post(
        reverse("mapping:mechanism_new"), mechanism_post(personas.org_a, [areas["ML0501"], areas["ML07"]])
    )

    mechanism = FeedbackMechanism.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mapping:mechanism", kwargs={"public_id": mechanism.public_id})
    assert mechanism.organisation == personas.org_a
    assert sorted(mechanism.areas.values_list("pcode", flat=True)) == ["ML0501", "ML07"]
    assert mechanism.languages == ["fr", "bm"]
    assert (mechanism.sea_trained, mechanism.knows_referral_pathway, mechanism.confidential_space) == (
        True,
        True,
        False,
    )
    assert mechanism.last_verified_at is None and mechanism.verified_by is None
    event = AuditEvent.objects.get(action=Action.MECHANISM_CREATED)
    assert (event.actor, event.target_id) == (personas.focal_point_a, str(mechanism.public_id))
    assert event.data["areas"] == ["ML0501", "ML07"]
    assert "Ligne verte" not in str(event.data)  # no text in the audit

    page = client.get(reverse("mapping:mechanisms")).content.decode()
    assert "Ligne verte" in page


def test_an_edit_after_a_verification_keeps_it_but_marks_the_change(personas, client_for):
    areas = mali_areas()
    client = client_for(personas.focal_point_a)
    client.post(reverse("mapping:mechanism_new"), mechanism_post(personas.org_a, [areas["ML05"]]))
    mechanism = FeedbackMechanism.objects.get()
    mechanism_verify(actor=personas.coordinator, mechanism=mechanism)
    url = reverse("mapping:mechanism", kwargs={"public_id": mechanism.public_id})

    response = client.post(url, mechanism_post(personas.org_a, [areas["ML05"]], status="suspended"))

    assert response.status_code == 302
    mechanism.refresh_from_db()
    assert mechanism.status == "suspended"
    assert mechanism.last_verified_at is not None and mechanism.verified_by == personas.coordinator
    assert mechanism.changed_since_verified
    event = AuditEvent.objects.get(action=Action.MECHANISM_UPDATED)
    assert event.data == {"fields": ["status"], "old": {"status": "active"}, "new": {"status": "suspended"}}
    assert "changed since verified" in client.get(url).content.decode()


def test_a_focal_point_cannot_add_one_for_another_organisation(personas, client_for):
    response = client_for(personas.focal_point_a).post(
        reverse("mapping:mechanism_new"), mechanism_post(personas.org_b, [mali_areas()["ML05"]])
    )

    assert response.status_code == 400
    assert 'id="id_organisation_error"' in response.content.decode()
    assert not FeedbackMechanism.objects.exists()
