"""A plan's versions: editors submit a draft, leadership endorses it (recorded and audited; the earlier endorsed
version of the same title is superseded); "new version" copies an endorsed plan into a draft, activities and their
links kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.planning.models import ActionPlan, PlanActivity, PlanStatus
from pseahub.planning.plans import activity_update, plan_endorse, plan_new_version, plan_submit

from .plan_world import finding, plan_world

pytestmark = pytest.mark.django_db


def _endorsed(personas, world):
    plan_submit(actor=personas.coordinator, plan=world.plan)
    return plan_endorse(actor=personas.leadership, plan=world.plan)


def test_submit_then_endorse_records_who_and_when(personas, client_for):
    world = plan_world(personas)
    client = client_for(personas.coordinator)
    assert client.post(reverse("planning:plan_submit", args=[world.plan.public_id])).status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.SUBMITTED
    client_for(personas.leadership).post(reverse("planning:plan_endorse", args=[world.plan.public_id]))
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.ENDORSED and world.plan.endorsed_by == personas.leadership
    assert world.plan.endorsed_at is not None
    event = AuditEvent.objects.get(action=Action.PLAN_ENDORSED)
    assert event.target_id == str(world.plan.public_id) and event.data["version"] == 1
    page = client.get(reverse("planning:plan", args=[world.plan.public_id])).content.decode()
    assert "endorsed on" in page and "Start a new version" in page


def test_a_draft_cannot_be_endorsed_nor_submitted_twice(personas, client_for):
    world = plan_world(personas)
    with pytest.raises(ValidationError):
        plan_endorse(actor=personas.leadership, plan=world.plan)
    plan_submit(actor=personas.coordinator, plan=world.plan)
    with pytest.raises(ValidationError):
        plan_submit(actor=personas.coordinator, plan=world.plan)
    response = client_for(personas.coordinator).post(reverse("planning:plan_submit", args=[world.plan.public_id]))
    assert response.status_code == 302  # a repeated POST is harmless: the page says why


def test_a_new_version_copies_the_plan_and_keeps_the_links(personas, client_for):
    world = plan_world(personas)
    source = finding()
    world.activity_a.finding = source
    world.activity_a.gap_key = "no_sea_channel:ML0701:all-all-all"
    world.activity_a.save()
    activity_update(actor=personas.focal_point_a, activity=world.activity_a, status="on_track", progress="Début")
    plan = _endorsed(personas, world)
    response = client_for(personas.co_chair).post(reverse("planning:plan_new_version", args=[plan.public_id]))
    copy = ActionPlan.objects.get(title=plan.title, version=2)
    assert response["Location"] == reverse("planning:plan", args=[copy.public_id])
    assert copy.status == PlanStatus.DRAFT
    activities = PlanActivity.objects.filter(output__outcome__plan=copy)
    assert activities.count() == 3
    copied = activities.get(code=world.activity_a.code)
    assert copied.finding == source and copied.gap_key == world.activity_a.gap_key
    assert copied.status == "on_track" and not copied.updates.exists()
    assert list(activities.get(code=world.activity_b.code).supporting.all()) == [personas.org_a]
    assert PlanActivity.objects.filter(output__outcome__plan=plan).count() == 3  # the endorsed one is unchanged
    # A second "new version" is refused while the draft exists: the editor is taken to it.
    again = client_for(personas.co_chair).post(reverse("planning:plan_new_version", args=[plan.public_id]))
    assert again["Location"] == reverse("planning:plan", args=[copy.public_id])
    assert ActionPlan.objects.filter(title=plan.title).count() == 2


def test_endorsing_the_new_version_supersedes_the_earlier_one(personas):
    world = plan_world(personas)
    first = _endorsed(personas, world)
    second = plan_new_version(actor=personas.coordinator, plan=first)
    plan_submit(actor=personas.coordinator, plan=second)
    plan_endorse(actor=personas.leadership, plan=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED and second.status == PlanStatus.ENDORSED
    event = AuditEvent.objects.filter(action=Action.PLAN_ENDORSED).latest("seq")
    assert event.data["superseded"] == [str(first.public_id)]


def test_a_superseded_plans_activities_take_no_more_updates(personas, client_for):
    world = plan_world(personas)
    first = _endorsed(personas, world)
    second = plan_new_version(actor=personas.coordinator, plan=first)
    plan_submit(actor=personas.coordinator, plan=second)
    plan_endorse(actor=personas.leadership, plan=second)
    url = reverse("planning:activity_update", args=[world.activity_a.public_id])
    response = client_for(personas.coordinator).post(url, {"status": "completed", "progress": "Fini"})
    assert response.status_code == 403 and not world.activity_a.updates.exists()


def test_only_an_endorsed_plan_gets_a_new_version(personas):
    world = plan_world(personas)
    with pytest.raises(ValidationError):
        plan_new_version(actor=personas.coordinator, plan=world.plan)
