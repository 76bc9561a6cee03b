"""Adding a consultation with its grid: the POST redirects to it, the lines are saved, the audit entry holds
codes and counts (not the notes), and the same submission sent twice adds it once."""

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import CommunityConsultation, ConsultationSource
from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.prefs import consultation_post, lines_of

pytestmark = pytest.mark.django_db

LINES = [
    ("female", "adults", "all", "help_desk", 12),
    ("female", "adults", "all", "community", 8),
    ("male", "children", "with", "sms", 3),
]


def test_the_coordinator_adds_a_consultation_with_several_groups(personas, client_for):
    area = mali_areas()["ML0501"]
    client = client_for(personas.coordinator)
    data = consultation_post(area, personas.org_a, lines=LINES, notes="Tenue au centre de santé")
    data["submission"] = "0b6a4f4e-6f9c-4b61-8a0f-7a1c3f6b9a01"
    response = client.post(reverse("mapping:consultation_new"), data)

    item = CommunityConsultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mapping:consultation", kwargs={"public_id": item.public_id})
    assert (item.area, item.number_consulted, item.organisation, item.source) == (
        area,
        20,
        personas.org_a,
        ConsultationSource.ENTERED,
    )
    assert lines_of(item) == set(LINES)
    event = AuditEvent.objects.get(action=Action.CONSULTATION_CREATED)
    assert event.data == {
        "area": "ML0501",
        "method": "focus_group",
        "number_consulted": 20,
        "organisation": str(personas.org_a.public_id),
        "source": "entered",
        "groups": 2,
        "preferences": 3,
    }
    assert "santé" not in str(event.data)
    page = client.get(response["Location"]).content.decode()
    assert "Help desk" in page and "Bandiagara" in page

    again = client.post(reverse("mapping:consultation_new"), data)
    assert again["Location"] == response["Location"]
    assert CommunityConsultation.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.CONSULTATION_CREATED).count() == 1


def test_the_form_offers_a_fresh_submission_id_and_empty_lines_are_ignored(personas, client_for):
    client = client_for(personas.focal_point_a)
    page = client.get(reverse("mapping:consultation_new")).content.decode()
    assert 'name="submission"' in page and 'name="preferences-5-channel_type"' in page
    data = consultation_post(mali_areas()["ML07"], personas.org_a, lines=[("all", "all", "all", "hotline", 4)])
    data["preferences-TOTAL_FORMS"] = "3"
    for index in (1, 2):  # offered and left as they were
        data.update({f"preferences-{index}-{name}": "all" for name in ("sex", "age_group", "disability")})
    assert client.post(reverse("mapping:consultation_new"), data).status_code == 302
    assert lines_of(CommunityConsultation.objects.get()) == {("all", "all", "all", "hotline", 4)}


def test_a_consultation_without_preferences_may_be_recorded(personas, client_for):
    client = client_for(personas.coordinator)
    response = client.post(reverse("mapping:consultation_new"), consultation_post(mali_areas()["ML05"]))
    assert response.status_code == 302
    item = CommunityConsultation.objects.get()
    assert item.organisation is None and lines_of(item) == set()
