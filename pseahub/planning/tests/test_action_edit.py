"""Correcting an action a meeting decided (what, owner, due date): the coordinator and co-chairs only, from the
meeting's page; bad input is a 400 that loses nothing; a new due date restarts the overdue reminders; saving it
unchanged writes nothing; the audit keeps the fields' names and ids, not the text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.planning.meetings import action_create, meeting_create
from pseahub.planning.models import MeetingType

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(personas):
    meeting = meeting_create(
        actor=personas.coordinator,
        data={"type": MeetingType.NETWORK, "title": "Réunion du réseau", "held_on": dt.date(2026, 11, 5)},
        participants={personas.org_a: 2},
        submission=None,
    )
    return action_create(
        actor=personas.coordinator, meeting=meeting, description="Former les chauffeurs",
        owner=personas.org_a, due_on=dt.date(2026, 11, 20),
    )  # fmt: skip


def _url(action) -> str:
    return reverse("planning:action_edit", args=[action.public_id])


def test_a_co_chair_corrects_an_action_from_the_meetings_page(personas, client_for, action):
    action.reminded_at = timezone.now()
    action.save(update_fields=["reminded_at"])
    client = client_for(personas.co_chair)
    meeting_page = client.get(reverse("planning:meeting", args=[action.meeting.public_id])).content.decode()
    assert _url(action) in meeting_page
    form = client.get(_url(action)).content.decode()
    assert "Former les chauffeurs" in form

    response = client.post(
        _url(action),
        {"description": "Former les chauffeurs et les gardiens", "owner": personas.org_b.pk, "due_on": "2027-01-15"},
    )

    assert response["Location"] == reverse("planning:meeting", args=[action.meeting.public_id])
    action.refresh_from_db()
    assert action.description == "Former les chauffeurs et les gardiens" and action.owner == personas.org_b
    assert action.due_on == dt.date(2027, 1, 15) and action.reminded_at is None
    event = AuditEvent.objects.get(action=Action.MEETING_ACTION_EDITED)
    assert event.data["fields"] == ["description", "owner", "due_on"]
    assert "chauffeurs" not in str(event.data)
    page = client.get(response["Location"]).content.decode()
    assert "Former les chauffeurs et les gardiens" in page and "The action was saved." in page


def test_bad_input_is_a_400_that_keeps_what_was_typed(personas, client_for, action):
    client = client_for(personas.coordinator)
    response = client.post(
        _url(action), {"description": "Former les gardiens", "owner": personas.org_a.pk, "due_on": "2026-10-01"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot be before the meeting" in page and "Former les gardiens" in page
    action.refresh_from_db()
    assert action.description == "Former les chauffeurs" and action.due_on == dt.date(2026, 11, 20)


def test_saving_it_unchanged_writes_nothing_and_keeps_the_reminder(personas, client_for, action):
    reminded = timezone.now()
    action.reminded_at = reminded
    action.save(update_fields=["reminded_at"])
    data = {"description": action.description, "owner": action.owner.pk, "due_on": action.due_on.isoformat()}
    assert client_for(personas.coordinator).post(_url(action), data).status_code == 302
    action.refresh_from_db()
    assert action.reminded_at == reminded
    assert not AuditEvent.objects.filter(action=Action.MEETING_ACTION_EDITED).exists()


def test_the_owner_organisations_focal_point_moves_it_on_but_does_not_correct_it(personas, client_for, action):
    client = client_for(personas.focal_point_a)
    meeting_page = client.get(reverse("planning:meeting", args=[action.meeting.public_id])).content.decode()
    assert _url(action) not in meeting_page
    data = {"description": "Autre chose", "owner": personas.org_a.pk, "due_on": "2027-01-15"}
    assert client.post(_url(action), data).status_code == 403
    action.refresh_from_db()
    assert action.description == "Former les chauffeurs"
