"""The open actions by organisation: done and dropped ones are left out, overdue ones are marked and counted per
organisation; the network's page and the focal point's own count agree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pseahub.planning.meetings import (
    action_create,
    action_status_set,
    meeting_create,
    overdue_count_for,
    overdue_counts_by_organisation,
    pending_actions_by_organisation,
)
from pseahub.planning.models import ActionStatus, MeetingType

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(personas):
    today = timezone.localdate()
    meeting = meeting_create(
        actor=personas.coordinator,
        data={"type": MeetingType.NETWORK, "title": "Réunion", "held_on": today - dt.timedelta(days=40)},
        participants={},
        submission=None,
    )

    def add(owner, days, status=ActionStatus.OPEN):
        action = action_create(
            actor=personas.coordinator, meeting=meeting, description=f"Tâche {owner.acronym} {days}", owner=owner,
            due_on=today + dt.timedelta(days=days),
        )  # fmt: skip
        if status == ActionStatus.DONE:
            action_status_set(actor=personas.coordinator, action=action, status=ActionStatus.DONE)
        elif status == ActionStatus.IN_PROGRESS:
            action_status_set(actor=personas.coordinator, action=action, status=ActionStatus.IN_PROGRESS)
        return action

    return [
        add(personas.org_a, -10),  # overdue
        add(personas.org_a, -1, ActionStatus.IN_PROGRESS),  # overdue, in progress
        add(personas.org_a, 0),  # due today: not overdue
        add(personas.org_a, -20, ActionStatus.DONE),  # done: not listed
        add(personas.org_b, -3),  # overdue
        add(personas.org_b, 30),
    ]


def test_overdue_actions_are_counted_per_organisation(personas, actions):
    assert overdue_counts_by_organisation() == {personas.org_a.pk: 2, personas.org_b.pk: 1}
    groups = pending_actions_by_organisation(personas.leadership)
    expected = [(personas.org_a, 3, 2), (personas.org_b, 2, 1)]
    assert [(g.organisation, len(g.actions), g.overdue) for g in groups] == expected
    assert overdue_count_for(personas.focal_point_a) == 2
    assert overdue_count_for(personas.focal_point_b) == 1
    assert overdue_count_for(personas.coordinator) == 0


def test_the_list_shows_open_actions_with_overdue_ones_marked(personas, client_for, actions):
    page = client_for(personas.focal_point_a).get(reverse("planning:actions")).content.decode()
    assert "Tâche ALPHA -10" in page and "Tâche BETA 30" in page and "Tâche ALPHA -20" not in page
    assert "5 open actions" in page and "3 overdue" in page
    assert page.count('class="badge badge-overdue">overdue') == 3
    per_org = page.split('id="overdue-by-organisation"')[1].split("</table>")[0]
    assert [cell.split("<")[0] for cell in per_org.split('class="overdue-count">')[1:]] == ["2", "1"]


def test_the_networks_page_counts_open_and_overdue_actions(personas, client_for, actions):
    page = client_for(personas.co_chair).get(reverse("planning:home")).content.decode()
    assert "5 open" in page and "3 overdue" in page


def test_no_open_action_says_so(personas, client_for):
    assert "No open action." in client_for(personas.coordinator).get(reverse("planning:actions")).content.decode()


def test_a_focal_points_landing_page_says_how_many_of_its_actions_are_overdue(personas, client_for, actions):
    page = client_for(personas.focal_point_a).get(reverse("referrals:inbox")).content.decode()
    assert "2 network actions of your organisation are overdue." in page
    assert f'href="{reverse("planning:actions")}"' in page
    assert "Tâche" not in page
    page = client_for(personas.focal_point_b).get(reverse("referrals:inbox")).content.decode()
    assert "1 network action of your organisation is overdue." in page


def test_no_notice_without_overdue_actions(personas, client_for):
    page = client_for(personas.focal_point_a).get(reverse("referrals:inbox")).content.decode()
    assert "network-actions-due-notice" not in page
