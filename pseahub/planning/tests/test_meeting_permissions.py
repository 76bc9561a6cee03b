"""Who may open the meetings' pages: signed out → sign in; roles outside the network's work → 403; focal points
and leadership read; only the coordinator and the co-chairs record meetings and add actions; a focal point moves
on its own organisation's actions only (another organisation's is "not found"); leadership moves none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.planning.meetings import action_create, meeting_create
from pseahub.planning.models import ActionStatus, MeetingAction, MeetingType

pytestmark = pytest.mark.django_db

OUTSIDERS = ["provider", "operator", "analyst", "donor", "hq", "admin", "no_role"]
READERS = ["focal_point_a", "leadership"]
EDITORS = ["coordinator", "co_chair"]


@pytest.fixture
def action(personas):
    meeting = meeting_create(
        actor=personas.coordinator,
        data={"type": MeetingType.NETWORK, "title": "Réunion du réseau", "held_on": dt.date(2026, 11, 5)},
        participants={personas.org_a: 2, personas.org_b: 1},
        submission=None,
    )
    return action_create(
        actor=personas.coordinator, meeting=meeting, description="Partager la liste des points focaux",
        owner=personas.org_b, due_on=dt.date(2026, 11, 30),
    )  # fmt: skip


def _reading(action: MeetingAction) -> list[str]:
    return [
        reverse("planning:meetings"),
        reverse("planning:meetings") + "?type=representation",
        reverse("planning:meeting", args=[action.meeting.public_id]),
        reverse("planning:actions"),
    ]


def _editing(action: MeetingAction) -> tuple[list[str], list[str]]:
    gets = [
        reverse("planning:meeting_new"),
        reverse("planning:meeting_edit", args=[action.meeting.public_id]),
        reverse("planning:action_edit", args=[action.public_id]),
    ]
    posts = [*gets, reverse("planning:action_new", args=[action.meeting.public_id])]
    return gets, posts


def _status(action: MeetingAction) -> str:
    return reverse("planning:action_status", args=[action.public_id])


def test_signed_out_visitors_are_sent_to_sign_in(action):
    login = reverse(settings.LOGIN_URL)
    gets, posts = _editing(action)
    for url in [*_reading(action), *gets]:
        assert Client().get(url)["Location"].startswith(login), url
    for url in [*posts, _status(action)]:
        assert Client().post(url)["Location"].startswith(login), url


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_roles_outside_the_networks_work_are_refused(personas, client_for, action, persona):
    client = client_for(getattr(personas, persona))
    gets, posts = _editing(action)
    for url in [*_reading(action), *gets]:
        assert client.get(url).status_code == 403, url
    for url in [*posts, _status(action)]:
        assert client.post(url, {"status": ActionStatus.DONE}).status_code == 403, url
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


@pytest.mark.parametrize("persona", READERS)
def test_readers_read_but_do_not_edit(personas, client_for, action, persona):
    client = client_for(getattr(personas, persona))
    for url in _reading(action):
        assert client.get(url).status_code == 200, url
    gets, posts = _editing(action)
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url).status_code == 403, url
    page = client.get(reverse("planning:meeting", args=[action.meeting.public_id])).content.decode()
    assert "Add an action" not in page and "Edit the meeting" not in page


@pytest.mark.parametrize("persona", ["focal_point_a", "leadership"])
def test_readers_cannot_move_another_organisations_action(personas, client_for, action, persona):
    response = client_for(getattr(personas, persona)).post(_status(action), {"status": ActionStatus.DONE})
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.done_on is None


def test_the_owner_organisations_focal_point_moves_its_action_on(personas, client_for, action):
    response = client_for(personas.focal_point_b).post(_status(action), {"status": ActionStatus.IN_PROGRESS})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


@pytest.mark.parametrize("persona", EDITORS)
def test_the_coordinator_and_co_chairs_edit(personas, client_for, action, persona):
    client = client_for(getattr(personas, persona))
    gets, _posts = _editing(action)
    for url in gets:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("planning:meeting", args=[action.meeting.public_id])).content.decode()
    assert "Add an action" in page and "Edit the meeting" in page
    assert client.post(_status(action), {"status": ActionStatus.DONE}).status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_the_status_form_shows_only_on_actions_one_may_move_on(personas, client_for, action):
    form = f'action="{_status(action)}"'
    assert form not in client_for(personas.focal_point_a).get(reverse("planning:actions")).content.decode()
    assert form in client_for(personas.focal_point_b).get(reverse("planning:actions")).content.decode()
    assert form not in client_for(personas.leadership).get(reverse("planning:actions")).content.decode()
    assert form in client_for(personas.co_chair).get(reverse("planning:actions")).content.decode()


def test_the_post_only_urls_answer_a_get_with_405(personas, client_for, action):
    client = client_for(personas.coordinator)
    assert client.get(reverse("planning:action_new", args=[action.meeting.public_id])).status_code == 405
    assert client.get(_status(action)).status_code == 405


def test_an_unknown_meeting_is_not_found(personas, client_for):
    import uuid

    client = client_for(personas.coordinator)
    assert client.get(reverse("planning:meeting", args=[uuid.uuid4()])).status_code == 404
    assert client.get(reverse("planning:meeting_edit", args=[uuid.uuid4()])).status_code == 404
    assert client.post(reverse("planning:action_status", args=[uuid.uuid4()]), {"status": "done"}).status_code == 404


def test_the_networks_page_leads_to_the_meetings_and_actions(personas, client_for, action):
    page = client_for(personas.leadership).get(reverse("planning:home")).content.decode()
    assert f'href="{reverse("planning:meetings")}"' in page and f'href="{reverse("planning:actions")}"' in page
