"""Actions decided in a meeting: added by an editor on the meeting's page (PRG, safe to repeat, 400 on bad input),
moved on open → in progress → done or dropped (done records the day; a mistake can be undone), never to a status
that does not follow; the audit keeps the statuses and ids only."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.planning.meetings import action_create, meeting_create
from pseahub.planning.models import ActionStatus, MeetingAction, MeetingType

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(personas):
    return meeting_create(
        actor=personas.coordinator,
        data={"type": MeetingType.NETWORK, "title": "Réunion du réseau", "held_on": dt.date(2026, 11, 5)},
        participants={personas.org_a: 2},
        submission=None,
    )


@pytest.fixture
def action(personas, meeting):
    return action_create(
        actor=personas.coordinator, meeting=meeting, description="Former les chauffeurs au code de conduite",
        owner=personas.org_a, due_on=dt.date(2026, 12, 15),
    )  # fmt: skip


def _add(client, meeting, **extra):
    data = {
        "description": "Diffuser les POS révisées",
        "owner": str(extra.pop("owner").pk),
        "due_on": "2026-12-20",
        "submission": str(uuid.uuid4()),
        **extra,
    }
    return client.post(reverse("planning:action_new", args=[meeting.public_id]), data), data


def test_adding_an_action_redirects_to_the_meeting_and_is_safe_to_repeat(personas, client_for, meeting):
    client = client_for(personas.co_chair)
    response, data = _add(client, meeting, owner=personas.org_b)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:meeting", args=[meeting.public_id])
    again = client.post(reverse("planning:action_new", args=[meeting.public_id]), data)
    assert again.status_code == 302
    action = MeetingAction.objects.get()
    assert (action.owner, action.due_on, action.status) == (personas.org_b, dt.date(2026, 12, 20), "open")
    assert "Diffuser les POS révisées" in client.get(response["Location"]).content.decode()
    event = AuditEvent.objects.get(action=Action.MEETING_ACTION_CREATED)
    assert event.data == {
        "meeting": str(meeting.public_id),
        "owner": str(personas.org_b.public_id),
        "due_on": "2026-12-20",
    }


@pytest.mark.parametrize(
    "bad",
    [
        {"description": ""},
        {"due_on": "31/31/2026"},
        {"owner": "999999"},
        {"owner": "x"},
        {"due_on": ""},
        {"due_on": "2026-11-04"},
    ],
)
def test_a_bad_action_is_a_400_on_the_meeting_page(personas, client_for, meeting, bad):
    data = {"description": "Diffuser les POS", "owner": str(personas.org_a.pk), "due_on": "2026-12-20", **bad}
    response = client_for(personas.coordinator).post(reverse("planning:action_new", args=[meeting.public_id]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errorlist"' in page and "Réunion du réseau" in page
    assert not MeetingAction.objects.exists()


def _status(client, action, status, back="actions"):
    return client.post(reverse("planning:action_status", args=[action.public_id]), {"status": status, "back": back})


def test_an_action_moves_on_and_done_records_the_day(personas, client_for, action):
    client = client_for(personas.focal_point_a)
    response = _status(client, action, ActionStatus.IN_PROGRESS)
    assert response.status_code == 302 and response["Location"] == reverse("planning:actions")
    response = _status(client, action, ActionStatus.DONE, back="meeting")
    assert response["Location"] == reverse("planning:meeting", args=[action.meeting.public_id])
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_on == timezone.localdate()
    events = AuditEvent.objects.filter(action=Action.MEETING_ACTION_STATUS_CHANGED).order_by("seq")
    assert [(e.data["from"], e.data["to"]) for e in events] == [("open", "in_progress"), ("in_progress", "done")]
    assert events[0].actor == personas.focal_point_a


def test_a_done_action_reopened_loses_its_day(personas, client_for, action):
    client = client_for(personas.coordinator)
    _status(client, action, ActionStatus.DONE)
    _status(client, action, ActionStatus.IN_PROGRESS)
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.done_on is None


def test_sending_the_same_status_again_changes_nothing(personas, client_for, action):
    client = client_for(personas.coordinator)
    _status(client, action, ActionStatus.DROPPED)
    assert _status(client, action, ActionStatus.DROPPED).status_code == 302
    assert AuditEvent.objects.filter(action=Action.MEETING_ACTION_STATUS_CHANGED).count() == 1


@pytest.mark.parametrize("status", ["finished", "", ActionStatus.DONE])
def test_a_status_that_does_not_follow_is_a_400(personas, client_for, action, status):
    client = client_for(personas.coordinator)
    _status(client, action, ActionStatus.DROPPED)  # dropped → only open follows
    response = _status(client, action, status)
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.DROPPED


def test_a_focal_point_of_another_organisation_gets_404(personas, client_for, action):
    assert _status(client_for(personas.focal_point_b), action, ActionStatus.DONE).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert not AuditEvent.objects.filter(action=Action.MEETING_ACTION_STATUS_CHANGED).exists()
