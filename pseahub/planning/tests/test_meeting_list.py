"""The meetings' list: newest first, filtered by type and year in the URL, and "representation" gathers the
meetings of other bodies where the coordinator represents the network; a value that is not a choice is ignored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pseahub.planning.meetings import meeting_create
from pseahub.planning.models import MeetingType

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(personas):
    made = {}
    for title, kind, day in [
        ("Réunion réseau décembre", MeetingType.NETWORK, dt.date(2025, 12, 4)),
        ("Réunion réseau janvier", MeetingType.NETWORK, dt.date(2026, 1, 8)),
        ("Briefing EHP", MeetingType.HCT_BRIEFING, dt.date(2026, 2, 12)),
        ("Cluster protection", MeetingType.PROTECTION_CLUSTER, dt.date(2026, 3, 3)),
        ("Sous-cluster VBG", MeetingType.GBV_SUB_CLUSTER, dt.date(2026, 3, 10)),
        ("Co-présidence", MeetingType.CO_CHAIRS, dt.date(2026, 3, 20)),
    ]:
        made[title] = meeting_create(
            actor=personas.coordinator, data={"type": kind, "title": title, "held_on": day},
            participants={personas.org_a: 1}, submission=None,
        )  # fmt: skip
    return made


def _titles(client, query: str = "") -> list[str]:
    page = client.get(reverse("planning:meetings") + query).content.decode()
    return [title for title in _ALL if title in page]


_ALL = [
    "Co-présidence",
    "Sous-cluster VBG",
    "Cluster protection",
    "Briefing EHP",
    "Réunion réseau janvier",
    "Réunion réseau décembre",
]


def test_every_meeting_newest_first(personas, client_for, meetings):
    page = client_for(personas.leadership).get(reverse("planning:meetings")).content.decode()
    positions = [page.index(title) for title in _ALL]
    assert positions == sorted(positions)


def test_filter_by_type_and_year(personas, client_for, meetings):
    client = client_for(personas.focal_point_a)
    assert _titles(client, "?type=network") == ["Réunion réseau janvier", "Réunion réseau décembre"]
    assert _titles(client, "?type=network&year=2025") == ["Réunion réseau décembre"]
    assert _titles(client, "?year=2026") == _ALL[:-1]


def test_the_coordinators_representation(personas, client_for, meetings):
    client = client_for(personas.co_chair)
    assert _titles(client, "?type=representation") == ["Sous-cluster VBG", "Cluster protection", "Briefing EHP"]
    page = client.get(reverse("planning:meetings") + "?type=representation").content.decode()
    assert "<h1>The coordinator&#x27;s representation</h1>" in page or "<h1>The coordinator's representation" in page


@pytest.mark.parametrize("query", ["?type=party", "?year=abc", "?year=1999", "?type=&year="])
def test_values_that_are_not_choices_are_ignored(personas, client_for, meetings, query):
    response = client_for(personas.coordinator).get(reverse("planning:meetings") + query)
    assert response.status_code == 200
    assert [title for title in _ALL if title in response.content.decode()] == _ALL
