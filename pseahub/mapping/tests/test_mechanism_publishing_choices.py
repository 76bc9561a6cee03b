"""The mechanism's edit form carries its publishing choices: listed or not, and which fields (checkboxes with
plain labels); the directory then shows it with those fields only. The page shows how to reach it."""

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.tests.factories import FeedbackMechanismFactory, mali_areas, mechanism_post

pytestmark = pytest.mark.django_db


def test_a_focal_point_lists_their_mechanism_with_chosen_fields(personas, client_for, client):
    areas = mali_areas()
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a, name="Ligne verte", areas=[areas["ML05"]])
    url = reverse("mapping:mechanism", kwargs={"public_id": mechanism.public_id})
    own = client_for(personas.focal_point_a)
    page = own.get(url).content.decode()
    assert "List this mechanism in the public directory" in page
    assert "How to reach it (number, address or place)" in page and 'type="checkbox" name="published_fields"' in page

    data = mechanism_post(
        personas.org_a, [areas["ML05"]], contact="80 00 11 22", days_hours="HIDDEN-HOURS", is_listed="on",
        published_fields=["contact", "cost"],
    )  # fmt: skip
    assert own.post(url, data).status_code == 302

    mechanism.refresh_from_db()
    assert mechanism.is_listed and mechanism.published_fields == ["contact", "cost"]
    event = AuditEvent.objects.get(action=Action.MECHANISM_UPDATED)
    assert {"is_listed", "published_fields"} <= set(event.data["fields"])
    detail = own.get(url).content.decode()
    assert "80 00 11 22" in detail and "Listed" in detail
    directory = client.get("/directory/").content.decode()
    assert "Ligne verte" in directory and "80 00 11 22" in directory and "Toll-free number" in directory
    assert "HIDDEN-HOURS" not in directory


def test_a_mechanism_is_not_listed_unless_chosen(personas, client_for, client):
    areas = mali_areas()

    response = client_for(personas.focal_point_a).post(
        reverse("mapping:mechanism_new"), mechanism_post(personas.org_a, [areas["ML05"]], contact="80 00 99 99")
    )

    assert response.status_code == 302
    assert "80 00 99 99" not in client.get("/directory/").content.decode()


def test_an_unknown_field_choice_is_a_field_error(personas, client_for):
    areas = mali_areas()
    mechanism = FeedbackMechanismFactory(organisation=personas.org_a, areas=[areas["ML05"]])
    url = reverse("mapping:mechanism", kwargs={"public_id": mechanism.public_id})

    response = client_for(personas.focal_point_a).post(
        url, mechanism_post(personas.org_a, [areas["ML05"]], is_listed="on", published_fields=["sea_trained"])
    )

    assert response.status_code == 400
    mechanism.refresh_from_db()
    assert not mechanism.is_listed
