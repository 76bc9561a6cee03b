"""Leadership returns a submitted plan to draft with what to change: the editors see the note on the plan, change
it and submit it again; only leadership returns, only a submitted plan, never without a note; audited without the
note's text."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.planning.models import PlanStatus
from pseahub.planning.plans import plan_return, plan_submit

from .plan_world import plan_world

pytestmark = pytest.mark.django_db

NOTE = "Add the Ménaka activities and a baseline for indicator 2.1."


def _url(world) -> str:
    return reverse("planning:plan_return", args=[world.plan.public_id])


def test_leadership_returns_a_submitted_plan_and_the_editors_see_why(personas, client_for):
    world = plan_world(personas)
    plan_submit(actor=personas.coordinator, plan=world.plan)
    leadership = client_for(personas.leadership)
    page = leadership.get(reverse("planning:plan", args=[world.plan.public_id])).content.decode()
    assert "Return to draft" in page

    response = leadership.post(_url(world), {"note": NOTE})

    assert response["Location"] == reverse("planning:plan", args=[world.plan.public_id])
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.DRAFT and world.plan.returned_note == NOTE
    event = AuditEvent.objects.get(action=Action.PLAN_RETURNED)
    assert event.target_id == str(world.plan.public_id) and event.data == {"version": 1}
    assert "Ménaka" not in str(event.data)
    editor_page = client_for(personas.co_chair).get(reverse("planning:plan", args=[world.plan.public_id]))
    text = editor_page.content.decode()
    assert "Returned by leadership on" in text and "Add the Ménaka activities" in text
    assert "Submit for endorsement" in text  # the editors can change it and submit it again
    plan_submit(actor=personas.coordinator, plan=world.plan)
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.SUBMITTED
    later = client_for(personas.co_chair).get(reverse("planning:plan", args=[world.plan.public_id]))
    assert "Returned by leadership on" not in later.content.decode()  # the note is shown while it is a draft


def test_a_note_is_required_and_nothing_changes_without_it(personas, client_for):
    world = plan_world(personas)
    plan_submit(actor=personas.coordinator, plan=world.plan)
    response = client_for(personas.leadership).post(_url(world), {"note": "   "}, follow=True)
    assert "Say what should change" in response.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.SUBMITTED and not AuditEvent.objects.filter(action=Action.PLAN_RETURNED)
    with pytest.raises(ValidationError, match="under 2000 characters"):
        plan_return(actor=personas.leadership, plan=world.plan, note="x" * 2001)


def test_only_a_submitted_plan_is_returned_and_a_repeated_post_is_harmless(personas, client_for):
    world = plan_world(personas)
    with pytest.raises(ValidationError):
        plan_return(actor=personas.leadership, plan=world.plan, note=NOTE)  # a draft
    plan_submit(actor=personas.coordinator, plan=world.plan)
    client = client_for(personas.leadership)
    client.post(_url(world), {"note": NOTE})
    again = client.post(_url(world), {"note": NOTE}, follow=True)
    assert "Only a plan submitted for endorsement can be returned" in again.content.decode()
    assert AuditEvent.objects.filter(action=Action.PLAN_RETURNED).count() == 1


@pytest.mark.parametrize("persona", ["coordinator", "co_chair", "focal_point_a", "analyst"])
def test_only_leadership_returns_a_plan(personas, client_for, persona):
    world = plan_world(personas)
    plan_submit(actor=personas.coordinator, plan=world.plan)
    client = client_for(getattr(personas, persona))
    assert client.post(_url(world), {"note": NOTE}).status_code == 403
    page = client.get(reverse("planning:plan", args=[world.plan.public_id]))
    assert "Return to draft" not in page.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.SUBMITTED


def test_a_get_changes_nothing_and_signed_out_visitors_are_sent_to_sign_in(personas, client_for, client):
    world = plan_world(personas)
    plan_submit(actor=personas.coordinator, plan=world.plan)
    assert client_for(personas.leadership).get(_url(world)).status_code == 405
    assert client.post(_url(world), {"note": NOTE})["Location"].startswith(reverse(settings.LOGIN_URL))
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.SUBMITTED
