"""A reminder that cannot be delivered (the mail server is down) is released and sent, once, by a later run; a
recipient the server refuses does not make the others get the same reminder again and again. Real SMTP backend,
real SMTP server (aiosmtpd) on a local port."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action
from pseahub.referrals.models import Reminder, ReminderKind
from pseahub.referrals.reminders import deadlines_process

from .helpers import events_on, mail_text, network, refer, sea_complaint

FRIDAY = dt.datetime(2026, 1, 16, 10, 0, tzinfo=dt.UTC)
OVERDUE = dt.datetime(2026, 1, 20, 10, 30, tzinfo=dt.UTC)  # due Tuesday 10:00, not yet escalated


def run_at(moment: dt.datetime) -> tuple[int, int]:
    with time_machine.travel(moment, tick=False):
        return deadlines_process()


@pytest.fixture
def referral(personas):
    network(timezone="Africa/Bamako", weekend_days=[6, 7])
    with time_machine.travel(FRIDAY, tick=False):
        complaint = sea_complaint(personas)
        return refer(personas, complaint)


@pytest.mark.django_db
def test_a_failed_send_is_released_and_sent_exactly_once_when_the_server_is_back(personas, referral, smtp):
    # Nothing listens on the port yet: the real SMTP backend gets "connection refused".
    assert run_at(OVERDUE) == (1, 0)
    reminder = Reminder.objects.get()
    assert reminder.kind == ReminderKind.OVERDUE
    assert (reminder.sent_at, reminder.claimed_at, reminder.attempts) == (None, None, 1)
    assert events_on(referral.complaint, Action.REMINDER_SENT) == []

    assert run_at(OVERDUE + dt.timedelta(minutes=5)) == (0, 0)  # still down: a second failed attempt
    reminder.refresh_from_db()
    assert (reminder.sent_at, reminder.attempts) == (None, 2)

    smtp.start()
    assert run_at(OVERDUE + dt.timedelta(minutes=10)) == (0, 1)
    assert run_at(OVERDUE + dt.timedelta(minutes=15)) == (0, 0)

    assert smtp.recipients() == [personas.focal_point_a.email]
    (message,) = smtp.messages
    subject, body = mail_text(message)
    assert subject == f"[PSEA Hub] Referral {referral.complaint.reference} is overdue"
    assert f"/referrals/{referral.public_id}/" in body
    reminder.refresh_from_db()
    assert reminder.sent_at == OVERDUE + dt.timedelta(minutes=10)
    assert reminder.attempts == 3
    assert len(events_on(referral.complaint, Action.REMINDER_SENT)) == 1


@pytest.mark.django_db
def test_a_refused_recipient_does_not_repeat_the_reminder_to_the_others(personas, referral, smtp_server):
    gone = UserFactory(email="gone@example.org")
    role_grant(actor=None, user=gone, role=Role.FOCAL_POINT, organisation=personas.org_a)
    smtp_server.reject.add(gone.email)

    for minutes in range(0, 60, 5):
        run_at(OVERDUE + dt.timedelta(minutes=minutes))

    assert smtp_server.recipients() == [personas.focal_point_a.email]
    reminder = Reminder.objects.get()
    assert reminder.sent_at is not None
    assert len(events_on(referral.complaint, Action.REMINDER_SENT)) == 1
