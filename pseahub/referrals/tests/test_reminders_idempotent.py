"""Running the deadline task again — a retry, a second scheduler, two workers — never sends a reminder twice."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.audit.models import Action
from pseahub.referrals.models import Reminder
from pseahub.referrals.reminders import deadlines_process, reminders_collect, reminders_send

from .helpers import events_on, network, refer, sea_complaint, submit

FRIDAY = dt.datetime(2026, 1, 16, 10, 0, tzinfo=dt.UTC)
LATE = dt.datetime(2026, 1, 21, 12, 0, tzinfo=dt.UTC)  # overdue and escalated


@pytest.fixture
def overdue(personas):
    network(timezone="Africa/Bamako", weekend_days=[6, 7])
    with time_machine.travel(FRIDAY, tick=False):
        complaint = sea_complaint(personas)
        refer(personas, complaint)
        late = submit(narrative="Not referred.").complaint
    return complaint, late


@pytest.mark.django_db
def test_it_sends_each_reminder_once_when_run_twice(personas, overdue, mailoutbox):
    complaint, late = overdue

    with time_machine.travel(LATE, tick=False):
        first = deadlines_process()
        second = deadlines_process()

    assert first == (3, 3)  # overdue + escalation of the referral, "not referred" of the other complaint
    assert second == (0, 0)
    assert len(mailoutbox) == 3
    assert Reminder.objects.count() == 3
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert len(events_on(complaint, Action.REMINDER_SENT)) == 2
    assert len(events_on(late, Action.REMINDER_SENT)) == 1


@pytest.mark.django_db
def test_it_sends_each_reminder_once_when_later_runs_find_it_still_overdue(personas, overdue, mailoutbox):
    for hours in range(0, 48, 5):
        with time_machine.travel(LATE + dt.timedelta(hours=hours), tick=False):
            deadlines_process()

    assert len(mailoutbox) == 3
    assert Reminder.objects.count() == 3


@pytest.mark.django_db
def test_two_overlapping_workers_send_each_reminder_once(personas, overdue, mailoutbox):
    with time_machine.travel(LATE, tick=False):
        # Both collect before either sends, as two workers started together would.
        assert reminders_collect(now=LATE) == 3
        assert reminders_collect(now=LATE) == 0
        sent = reminders_send(now=LATE) + reminders_send(now=LATE)

    assert sent == 3
    assert len(mailoutbox) == 3
    assert Reminder.objects.filter(attempts=1).count() == 3


@pytest.mark.django_db
def test_a_claimed_reminder_is_left_to_its_worker_until_the_claim_goes_stale(personas, overdue, mailoutbox):
    with time_machine.travel(LATE, tick=False):
        reminders_collect(now=LATE)
        # Another worker claimed one and is still sending it.
        claimed = Reminder.objects.order_by("pk").first()
        Reminder.objects.filter(pk=claimed.pk).update(claimed_at=LATE)
        assert reminders_send(now=LATE) == 2

    with time_machine.travel(LATE + dt.timedelta(minutes=11), tick=False):
        # That worker died: after the claim timeout the reminder is sent by the next run, once.
        assert reminders_send(now=LATE + dt.timedelta(minutes=11)) == 1
        assert reminders_send(now=LATE + dt.timedelta(minutes=11)) == 0

    assert len(mailoutbox) == 3
