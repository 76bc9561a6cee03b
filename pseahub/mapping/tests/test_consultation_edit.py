"""Editing a consultation: its fields and grid change, a line ticked "delete" goes, the audit entry lists what
changed (codes and counts, never the notes); nothing changed, nothing recorded."""

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.prefs import consultation, consultation_post, lines_of

pytestmark = pytest.mark.django_db


def test_a_focal_point_edits_and_deletes_a_line(personas, client_for):
    area = mali_areas()["ML0501"]
    item = consultation(
        area, personas.org_a, rows=[("female", "adults", "all", "help_desk", 12), ("female", "adults", "all", "sms", 4)]
    )
    url = reverse("mapping:consultation", kwargs={"public_id": item.public_id})
    client = client_for(personas.focal_point_a)
    page = client.get(url).content.decode()
    assert 'name="preferences-1-DELETE"' in page and 'value="12"' in page

    lines = [
        ("female", "adults", "all", "help_desk", 14),
        ("female", "adults", "all", "sms", 4, "delete"),
        ("all", "all", "all", "community", 5),
    ]
    data = consultation_post(area, personas.org_a, lines=lines, initial=2, number_consulted="25", notes="Secret")
    response = client.post(url, data)

    assert response.status_code == 302 and response["Location"] == url
    item.refresh_from_db()
    assert item.number_consulted == 25 and item.notes == "Secret"
    assert lines_of(item) == {("female", "adults", "all", "help_desk", 14), ("all", "all", "all", "community", 5)}
    event = AuditEvent.objects.get(action=Action.CONSULTATION_UPDATED)
    assert event.data["fields"] == ["date", "notes", "number_consulted", "preferences"]
    assert event.data["old"]["number_consulted"] == 20 and event.data["new"]["number_consulted"] == 25
    assert event.data["preferences"] == {"old": 2, "new": 2}
    assert "Secret" not in str(event.data)


def test_an_edit_with_errors_changes_nothing(personas, client_for):
    area = mali_areas()["ML0501"]
    item = consultation(area, personas.org_a)
    url = reverse("mapping:consultation", kwargs={"public_id": item.public_id})
    data = consultation_post(
        area, personas.org_a, lines=[("female", "adults", "all", "help_desk", 30)], initial=1, number_consulted="25"
    )
    response = client_for(personas.coordinator).post(url, data)
    assert response.status_code == 400
    assert "More than the 25 people consulted." in response.content.decode()
    item.refresh_from_db()
    assert item.number_consulted == 20
    assert lines_of(item) == {("female", "adults", "all", "help_desk", 12)}
    assert not AuditEvent.objects.filter(action=Action.CONSULTATION_UPDATED).exists()


def test_saving_without_a_change_records_nothing(personas, client_for):
    area = mali_areas()["ML0501"]
    item = consultation(area, personas.org_a)
    url = reverse("mapping:consultation", kwargs={"public_id": item.public_id})
    data = consultation_post(
        area, personas.org_a, lines=[("female", "adults", "all", "help_desk", 12)], initial=1,
        date=item.date.isoformat(),
    )  # fmt: skip
    assert client_for(personas.coordinator).post(url, data).status_code == 302
    assert not AuditEvent.objects.filter(action=Action.CONSULTATION_UPDATED).exists()
