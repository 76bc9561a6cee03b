"""The weekly reminder: the focal points of an organisation with overdue actions get one e-mail with how many
and a link (never the action's text); not again within seven days; nothing for actions done, not yet due, or of
an inactive organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.planning.meetings import action_create, action_status_set, meeting_create, overdue_reminders_send
from pseahub.planning.models import ActionStatus, MeetingType
from pseahub.planning.periodic import PERIODIC_TASKS
from pseahub.planning.tasks import meeting_actions_remind

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(personas):
    today = timezone.localdate()
    meeting = meeting_create(
        actor=personas.coordinator,
        data={"type": MeetingType.NETWORK, "title": "Réunion", "held_on": today - dt.timedelta(days=60)},
        participants={},
        submission=None,
    )
    actions = [
        action_create(
            actor=personas.coordinator,
            meeting=meeting,
            description=f"Secret {n}",
            owner=personas.org_a,
            due_on=today - dt.timedelta(days=n),
        )
        for n in (5, 9)
    ]
    action_create(
        actor=personas.coordinator, meeting=meeting, description="Pas encore", owner=personas.org_b,
        due_on=today + dt.timedelta(days=30),
    )  # fmt: skip
    mail.outbox.clear()
    return actions


def _sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_owner_organisations_focal_points_get_one_email(personas, overdue, django_capture_on_commit_callbacks):
    second = UserFactory(email="fp.a2@example.org")
    role_grant(actor=None, user=second, role=Role.FOCAL_POINT, organisation=personas.org_a)
    with django_capture_on_commit_callbacks(execute=True):
        result = meeting_actions_remind.enqueue()
    assert result.return_value == {"emails": 2}
    assert _sent_to() == ["fp.a2@example.org", "fp.a@example.org"]
    message = mail.outbox[0]
    assert "2" in message.body and "/network/actions/" in message.body
    assert "Secret" not in message.body + message.subject and "Réunion" not in message.body
    for action in overdue:
        action.refresh_from_db()
        assert action.reminded_at is not None
    event = AuditEvent.objects.get(action=Action.MEETING_ACTIONS_REMINDED)
    assert event.data == {"actions": 2, "organisations": 1, "emails": 2}


def test_once_per_period(personas, overdue, django_capture_on_commit_callbacks):
    now = timezone.now()

    def emails_after_a_run(days: float) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            overdue_reminders_send(now=now + dt.timedelta(days=days))
        return len(mail.outbox)

    assert emails_after_a_run(0) == 1
    assert emails_after_a_run(1) == 1
    assert emails_after_a_run(6.9) == 1
    assert emails_after_a_run(7.1) == 2  # a week later, still overdue: reminded again
    assert emails_after_a_run(8) == 2
    assert emails_after_a_run(10) == 2
    assert emails_after_a_run(31) == 4  # org B's action became overdue, and org A's are a week older again
    assert sorted(to for message in mail.outbox[-2:] for to in message.to) == ["fp.a@example.org", "fp.b@example.org"]
    assert emails_after_a_run(32) == 4


def test_nothing_for_done_actions_or_an_inactive_organisation(personas, overdue, django_capture_on_commit_callbacks):
    action_status_set(actor=personas.coordinator, action=overdue[0], status=ActionStatus.DONE)
    action_status_set(actor=personas.coordinator, action=overdue[1], status=ActionStatus.DROPPED)
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_reminders_send() == 0
    assert mail.outbox == []


def test_nothing_for_an_inactive_organisation(personas, overdue, django_capture_on_commit_callbacks):
    personas.org_a.is_active = False
    personas.org_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_reminders_send() == 0
    assert mail.outbox == []


def test_the_task_is_scheduled():
    assert meeting_actions_remind in {task for task, _every in PERIODIC_TASKS}
