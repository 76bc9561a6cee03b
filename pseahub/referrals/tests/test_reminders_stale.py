"""A reminder recorded while the mail server was down is not sent once the deadline has moved on: the referral was
acknowledged, revoked or declined, or the late complaint was referred, before the next run."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.audit.models import Action
from pseahub.referrals.models import Reminder
from pseahub.referrals.reminders import deadlines_process
from pseahub.referrals.services import referral_acknowledge, referral_decline, referral_revoke

from .helpers import events_on, network, refer, sea_complaint, submit

FRIDAY = dt.datetime(2026, 1, 16, 10, 0, tzinfo=dt.UTC)
DUE_SOON = dt.datetime(2026, 1, 20, 1, 0, tzinfo=dt.UTC)  # due Tuesday 10:00


def run_at(moment: dt.datetime) -> tuple[int, int]:
    with time_machine.travel(moment, tick=False):
        return deadlines_process()


@pytest.fixture
def referral(personas):
    network(timezone="Africa/Bamako", weekend_days=[6, 7])
    with time_machine.travel(FRIDAY, tick=False):
        return refer(personas, sea_complaint(personas))


@pytest.mark.django_db
@pytest.mark.parametrize("answer", ["acknowledge", "decline", "revoke"])
def test_a_referral_answered_after_the_reminder_was_recorded_gets_no_stale_reminder(personas, referral, smtp, answer):
    assert run_at(DUE_SOON) == (1, 0)  # recorded, but the mail server is down
    with time_machine.travel(DUE_SOON + dt.timedelta(minutes=2), tick=False):
        if answer == "acknowledge":
            referral_acknowledge(actor=personas.focal_point_a, referral=referral)
        elif answer == "decline":
            referral_decline(actor=personas.focal_point_a, referral=referral, reason="not_our_staff")
        else:
            referral_revoke(actor=personas.coordinator, referral=referral)
    smtp.start()

    run_at(DUE_SOON + dt.timedelta(minutes=5))
    run_at(dt.datetime(2026, 1, 22, 12, 0, tzinfo=dt.UTC))  # past the old deadline and its escalation

    # Nothing about this referral reaches anyone. (After a decline or revoke the complaint is back with the
    # coordinator, unreferred for days: the "not referred yet" reminder to the coordinator is right.)
    assert personas.focal_point_a.email not in smtp.recipients()
    assert Reminder.objects.get(referral=referral).sent_at is not None  # settled, never retried
    sent = events_on(referral.complaint, Action.REMINDER_SENT)
    assert [event.data for event in sent] == (
        [] if answer == "acknowledge" else [{"kind": "refer_overdue", "referral": None}]
    )


@pytest.mark.django_db
def test_a_complaint_referred_after_the_reminder_was_recorded_gets_no_stale_reminder(personas, smtp):
    network(timezone="Africa/Bamako", weekend_days=[6, 7])
    with time_machine.travel(FRIDAY, tick=False):
        complaint = submit(reported_organisation=personas.org_a, narrative="Late.").complaint

    assert run_at(FRIDAY + dt.timedelta(hours=25)) == (1, 0)  # "not referred yet" recorded, server down
    with time_machine.travel(FRIDAY + dt.timedelta(hours=25, minutes=2), tick=False):
        refer(personas, complaint)
    smtp.start()

    run_at(FRIDAY + dt.timedelta(hours=25, minutes=5))

    assert smtp.received == []
    assert events_on(complaint, Action.REMINDER_SENT) == []
