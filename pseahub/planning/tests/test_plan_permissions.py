"""Who may open the action plan's pages: signed out → sign in; roles outside the network's work → 403; focal points
and leadership read; only the coordinator and co-chairs build plans; only leadership endorses; a focal point reports
progress only on the activities its organisation leads or supports."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.planning.models import ActivityUpdate, PlanStatus
from pseahub.planning.plans import plan_submit

from .plan_world import plan_world

pytestmark = pytest.mark.django_db

OUTSIDERS = ["provider", "operator", "analyst", "donor", "hq", "admin", "no_role"]
READERS = ["focal_point_a", "leadership"]
EDITORS = ["coordinator", "co_chair"]


def _reading(world) -> list[str]:
    return [
        reverse("planning:plans"),
        reverse("planning:plan", args=[world.plan.public_id]),
        reverse("planning:plan_report", args=[world.plan.public_id]),
        reverse("planning:activity", args=[world.activity_a.public_id]),
    ]


def _editing_pages(world) -> list[str]:
    return [
        reverse("planning:plan_new"),
        reverse("planning:activity_new", args=[world.plan.public_id]),
        reverse("planning:activity_edit", args=[world.activity_a.public_id]),
        reverse("planning:activity_from"),
    ]


def _editing_posts(world) -> list[str]:
    return [
        reverse("planning:output_new", args=[world.plan.public_id]),
        reverse("planning:plan_submit", args=[world.plan.public_id]),
        reverse("planning:plan_new_version", args=[world.plan.public_id]),
    ]


def test_signed_out_visitors_are_sent_to_sign_in(personas):
    world = plan_world(personas)
    login = reverse(settings.LOGIN_URL)
    for url in [*_reading(world), *_editing_pages(world), reverse("planning:attention")]:
        assert Client().get(url)["Location"].startswith(login), url
    posts = [
        *_editing_posts(world),
        reverse("planning:plan_endorse", args=[world.plan.public_id]),
        reverse("planning:plan_report_download", args=[world.plan.public_id]),
        reverse("planning:activity_update", args=[world.activity_a.public_id]),
    ]
    for url in posts:
        assert Client().post(url)["Location"].startswith(login), url


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_roles_outside_the_networks_work_are_refused(personas, client_for, persona):
    world = plan_world(personas)
    client = client_for(getattr(personas, persona))
    for url in [*_reading(world), *_editing_pages(world), reverse("planning:attention")]:
        assert client.get(url).status_code == 403, url
    posts = [
        *_editing_posts(world),
        reverse("planning:plan_endorse", args=[world.plan.public_id]),
        reverse("planning:plan_report_download", args=[world.plan.public_id]),
        reverse("planning:activity_update", args=[world.activity_a.public_id]),
    ]
    for url in posts:
        assert client.post(url, {"quarter": "2026-Q1"}).status_code == 403, url
    assert not ActivityUpdate.objects.exists()


@pytest.mark.parametrize("persona", READERS)
def test_readers_read_but_do_not_build(personas, client_for, persona):
    world = plan_world(personas)
    client = client_for(getattr(personas, persona))
    for url in _reading(world):
        assert client.get(url).status_code == 200, url
    for url in _editing_pages(world):
        assert client.get(url).status_code == 403, url
    for url in _editing_posts(world):
        assert client.post(url, {"title": "x"}).status_code == 403, url
    page = client.get(reverse("planning:plan", args=[world.plan.public_id])).content.decode()
    assert "Add an output" not in page and "Submit for endorsement" not in page


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_build_but_do_not_endorse(personas, client_for, persona):
    world = plan_world(personas)
    client = client_for(getattr(personas, persona))
    for url in [*_reading(world), *_editing_pages(world), reverse("planning:attention")]:
        assert client.get(url).status_code == 200, url
    plan_submit(actor=personas.coordinator, plan=world.plan)
    assert client.post(reverse("planning:plan_endorse", args=[world.plan.public_id])).status_code == 403
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.SUBMITTED


def test_only_leadership_endorses(personas, client_for):
    world = plan_world(personas)
    plan_submit(actor=personas.coordinator, plan=world.plan)
    for persona in ("focal_point_a", "co_chair", "coordinator"):
        response = client_for(getattr(personas, persona)).post(
            reverse("planning:plan_endorse", args=[world.plan.public_id])
        )
        assert response.status_code == 403, persona
    page = client_for(personas.leadership).get(reverse("planning:plan", args=[world.plan.public_id]))
    assert "Endorse this version" in page.content.decode()
    response = client_for(personas.leadership).post(reverse("planning:plan_endorse", args=[world.plan.public_id]))
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.ENDORSED and world.plan.endorsed_by == personas.leadership


def test_the_attention_view_is_for_the_co_chairs_the_coordinator_and_leadership(personas, client_for):
    plan_world(personas)
    for persona in ("coordinator", "co_chair", "leadership"):
        assert client_for(getattr(personas, persona)).get(reverse("planning:attention")).status_code == 200
    assert client_for(personas.focal_point_a).get(reverse("planning:attention")).status_code == 403


def test_a_focal_point_updates_only_its_organisations_activities(personas, client_for):
    world = plan_world(personas)
    client = client_for(personas.focal_point_a)
    data = {"status": "on_track", "progress": "12 agents formés", "value": "12"}
    for activity in (world.activity_a, world.activity_b):  # lead, supporting
        page = client.get(reverse("planning:activity", args=[activity.public_id])).content.decode()
        assert "Report progress" in page
        response = client.post(reverse("planning:activity_update", args=[activity.public_id]), data)
        assert response.status_code == 302, activity.title
    page = client.get(reverse("planning:activity", args=[world.only_b.public_id])).content.decode()
    assert "Report progress" not in page
    assert client.post(reverse("planning:activity_update", args=[world.only_b.public_id]), data).status_code == 403
    assert (
        client_for(personas.leadership)
        .post(reverse("planning:activity_update", args=[world.activity_a.public_id]), data)
        .status_code
        == 403
    )
    assert not world.only_b.updates.exists() and ActivityUpdate.objects.count() == 2


def test_unknown_ids_are_not_found(personas, client_for):
    import uuid

    client = client_for(personas.coordinator)
    assert client.get(reverse("planning:plan", args=[uuid.uuid4()])).status_code == 404
    assert client.get(reverse("planning:activity", args=[uuid.uuid4()])).status_code == 404
    assert client.post(reverse("planning:activity_update", args=[uuid.uuid4()]), {}).status_code == 404
