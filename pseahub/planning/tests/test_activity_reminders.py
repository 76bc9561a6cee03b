"""The weekly reminder of overdue activities of the plan in force: the lead organisation's focal points get one
e-mail with how many and a link to the plan (never an activity's title); not again within seven days; nothing for
completed activities, nor for a plan still in draft."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.planning.models import ActivityStatus, PlanActivity
from pseahub.planning.periodic import PERIODIC_TASKS
from pseahub.planning.plan_reminders import overdue_activity_reminders_send
from pseahub.planning.plans import plan_endorse, plan_submit
from pseahub.planning.tasks import plan_activities_remind

from .plan_world import plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_force(personas):
    """The small plan endorsed; its three activities were due on 30 June 2026, one of them is completed."""
    world = plan_world(personas)
    plan_submit(actor=personas.coordinator, plan=world.plan)
    plan_endorse(actor=personas.leadership, plan=world.plan)
    PlanActivity.objects.filter(pk=world.only_b.pk).update(status=ActivityStatus.COMPLETED)
    mail.outbox.clear()
    return world


def _by_recipient() -> dict[str, str]:
    return {address: message.subject + "\n" + message.body for message in mail.outbox for address in message.to}


def test_each_lead_organisations_focal_points_get_one_email(personas, in_force, django_capture_on_commit_callbacks):
    now = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        sent = overdue_activity_reminders_send(now=now)

    assert sent == 2
    emails = _by_recipient()
    assert set(emails) == {personas.focal_point_a.email, personas.focal_point_b.email}
    link = reverse("planning:plan", args=[in_force.plan.public_id])
    for text in emails.values():
        assert ": 1." in text and link in text
        assert "Former les agents" not in text and "Ligne verte" not in text and "Affiches" not in text
    event = AuditEvent.objects.get(action=Action.PLAN_ACTIVITIES_REMINDED)
    assert event.data == {"activities": 2, "organisations": 2, "emails": 2}
    in_force.only_b.refresh_from_db()
    assert in_force.only_b.reminded_at is None  # completed: not reminded


def test_once_a_week(personas, in_force, django_capture_on_commit_callbacks):
    now = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)

    def emails_after(days: float) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            overdue_activity_reminders_send(now=now + dt.timedelta(days=days))
        return len(mail.outbox)

    assert emails_after(0) == 2
    assert emails_after(3) == 2  # nothing new within the week
    assert emails_after(7.5) == 4


def test_a_plan_not_in_force_reminds_no_one(personas, django_capture_on_commit_callbacks):
    plan_world(personas)  # a draft, its activities past due
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_activity_reminders_send(now=timezone.now()) == 0
    assert mail.outbox == [] and not AuditEvent.objects.filter(action=Action.PLAN_ACTIVITIES_REMINDED).exists()


def test_the_worker_runs_it_every_six_hours(personas, in_force, django_capture_on_commit_callbacks):
    assert (plan_activities_remind, 6 * 60 * 60) in PERIODIC_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        result = plan_activities_remind.enqueue()
    assert result.return_value == {"emails": 2}
