"""Donor report deadlines: the coordinators get one e-mail when reports come due within two weeks (each report
once), one more when one becomes overdue, none for a submitted report; the e-mail says how many and links the
funding page, nothing else."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.partners.funding import donor_create, donor_report_create, donor_report_reminders_send
from pseahub.partners.periodic import PERIODIC_TASKS
from pseahub.partners.tasks_funding import donor_reports_remind

pytestmark = pytest.mark.django_db


def _report(donor, due_on, **extra):
    today = timezone.localdate()
    return donor_report_create(
        actor=None,
        data={"donor": donor, "period_start": today - dt.timedelta(days=200), "period_end": today - dt.timedelta(
            days=20), "due_on": due_on, **extra},
    )  # fmt: skip


def test_reminded_once_when_due_then_once_when_overdue(personas, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    now = timezone.now()
    donor = donor_create(actor=None, name="Union européenne (ECHO) — confidentiel")
    _report(donor, today + dt.timedelta(days=10))
    _report(donor, today + dt.timedelta(days=60))  # not yet
    _report(donor, today - dt.timedelta(days=3), status="submitted")  # done

    with django_capture_on_commit_callbacks(execute=True):
        assert donor_report_reminders_send(now=now) == 1  # one coordinator
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "1" in body and "/partners/funding/" in body and "ECHO" not in body and "confidentiel" not in body
    assert mail.outbox[0].to == [personas.coordinator.email]

    with django_capture_on_commit_callbacks(execute=True):
        assert donor_report_reminders_send(now=now + dt.timedelta(hours=6)) == 0  # once per period
    assert len(mail.outbox) == 1

    later = now + dt.timedelta(days=11)  # the first report is now overdue: reminded once more
    with django_capture_on_commit_callbacks(execute=True):
        assert donor_report_reminders_send(now=later) == 1
        assert donor_report_reminders_send(now=later + dt.timedelta(hours=6)) == 0
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action=Action.DONOR_REPORTS_REMINDED).count() == 2
    assert AuditEvent.objects.filter(action=Action.DONOR_REPORTS_REMINDED).order_by("-seq").first().data == {
        "due_soon": 0, "overdue": 1, "emails": 1,
    }  # fmt: skip


def test_the_task_is_periodic_and_sends_nothing_without_reports(personas):
    assert any(task is donor_reports_remind for task, _every in PERIODIC_TASKS)
    assert donor_reports_remind.call() == {"emails": 0}
    donor = donor_create(actor=None, name="SIDA")
    _report(donor, timezone.localdate() + dt.timedelta(days=1), insights_report=None)
    assert donor_reports_remind.call() == {"emails": 1}
