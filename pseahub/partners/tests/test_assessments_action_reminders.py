"""The weekly reminder of overdue capacity-strengthening actions: the partner's and the lead agency's focal points of a
final assessment get one e-mail with how many and a link to the register's overdue view (never the action's text);
not again within seven days; nothing for actions done or not yet due, nor for an assessment not final."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.partners import assessments as svc
from pseahub.partners.assessment_reminders import overdue_action_reminders_send
from pseahub.partners.periodic import PERIODIC_TASKS
from pseahub.partners.tasks import capacity_actions_remind

from .assessments_helpers import final, submitted

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)


def _action(personas, assessment, text: str, due_on: dt.date):
    return svc.action_add(actor=personas.focal_point_b, assessment=assessment, action=text, due_on=due_on)


@pytest.fixture
def overdue(personas):
    assessment = final(personas)  # partner org A, lead agency org B
    _action(personas, assessment, "Former le personnel au code de conduite", dt.date(2027, 1, 15))
    _action(personas, assessment, "Adopter une politique de signalement", dt.date(2027, 2, 1))
    done = _action(personas, assessment, "Nommer un point focal", dt.date(2027, 1, 10))
    svc.action_status_set(actor=personas.focal_point_b, item=done, status="done")
    _action(personas, assessment, "Pas encore", dt.date(2027, 6, 30))
    mail.outbox.clear()
    return assessment


def test_the_partner_and_the_lead_agency_are_reminded_once(personas, overdue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_action_reminders_send(now=NOW) == 2

    emails = {address: m.subject + "\n" + m.body for m in mail.outbox for address in m.to}
    assert set(emails) == {personas.focal_point_a.email, personas.focal_point_b.email}
    for text in emails.values():
        assert ": 2." in text and reverse("partners:assessments") + "?overdue=on" in text
        assert "Former" not in text and "politique" not in text
    event = AuditEvent.objects.get(action=Action.CAPACITY_ACTIONS_REMINDED)
    assert event.data == {"actions": 2, "assessments": 1, "emails": 2}
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_action_reminders_send(now=NOW + dt.timedelta(days=3)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_action_reminders_send(now=NOW + dt.timedelta(days=8)) == 2


def test_an_assessment_not_final_reminds_no_one(personas, django_capture_on_commit_callbacks):
    assessment = submitted(personas)
    _action(personas, assessment, "Former le personnel", dt.date(2027, 1, 15))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_action_reminders_send(now=NOW) == 0
    assert mail.outbox == []


def test_the_worker_runs_it_every_six_hours(personas):
    assert (capacity_actions_remind, 6 * 60 * 60) in PERIODIC_TASKS
