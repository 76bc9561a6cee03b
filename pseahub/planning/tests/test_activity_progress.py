"""Progress: focal points and editors report an activity's status, progress and indicator value (the activity takes
the status; the history is kept, newest first; audited); the overdue and at-risk view."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.planning.models import ActivityStatus
from pseahub.planning.plans import activity_update, attention_list

from .plan_world import plan_world

pytestmark = pytest.mark.django_db


def test_an_update_sets_the_status_and_shows_in_the_history(personas, client_for):
    world = plan_world(personas)
    client = client_for(personas.focal_point_a)
    url = reverse("planning:activity_update", args=[world.activity_a.public_id])
    client.post(url, {"status": "on_track", "progress": "Première session tenue", "value": "12"})
    client.post(url, {"status": "at_risk", "progress": "Formateurs indisponibles", "value": "12"})
    world.activity_a.refresh_from_db()
    assert world.activity_a.status == ActivityStatus.AT_RISK
    update = world.activity_a.updates.first()
    assert update is not None and update.organisation == personas.org_a and update.author == personas.focal_point_a
    page = client.get(reverse("planning:activity", args=[world.activity_a.public_id])).content.decode()
    history = page.split('id="updates"')[1]
    assert history.index("Formateurs indisponibles") < history.index("Première session tenue")
    event = AuditEvent.objects.filter(action=Action.PLAN_ACTIVITY_UPDATED).latest("seq")
    assert event.data["status"] == "at_risk" and event.data["organisation"] == personas.org_a.pk
    plan_page = client.get(reverse("planning:plan", args=[world.plan.public_id])).content.decode()
    assert "Formateurs indisponibles" in plan_page  # the latest progress in the tree


def test_a_supporting_organisations_update_is_for_that_organisation(personas):
    world = plan_world(personas)
    update = activity_update(actor=personas.focal_point_a, activity=world.activity_b, status="on_track", progress="Ok")
    assert update.organisation == personas.org_a


def test_an_update_without_progress_is_a_form_error(personas, client_for):
    world = plan_world(personas)
    url = reverse("planning:activity_update", args=[world.activity_a.public_id])
    response = client_for(personas.coordinator).post(url, {"status": "on_track", "progress": ""})
    assert response.status_code == 400 and not world.activity_a.updates.exists()
    response = client_for(personas.coordinator).post(url, {"status": "nonsense", "progress": "x"})
    assert response.status_code == 400


def test_the_attention_view_lists_overdue_and_at_risk_activities(personas, client_for):
    world = plan_world(personas)
    today = datetime.date(2026, 7, 15)
    world.activity_b.due_on = datetime.date(2026, 12, 1)
    world.activity_b.status = ActivityStatus.DELAYED
    world.activity_b.save()
    world.only_b.status = ActivityStatus.COMPLETED  # past due but done: not overdue
    world.only_b.save()
    found = attention_list(personas.co_chair, today=today)
    assert found.overdue == [world.activity_a] and found.at_risk == [world.activity_b]
    world.activity_a.due_on = datetime.date(2020, 1, 1)
    world.activity_a.save()
    world.activity_b.due_on = datetime.date(2099, 1, 1)
    world.activity_b.save()
    page = client_for(personas.co_chair).get(reverse("planning:attention")).content.decode()
    overdue = page.split('id="overdue"')[1].split('id="at-risk-title"')[0]
    assert "Former les agents" in overdue and "Affiches" not in page
    assert "Ligne verte" in page.split('id="at-risk"')[1]
