"""`manage.py run_scheduler --once` enqueues every periodic task once; with the test ImmediateBackend they run at
once, so their effect shows: overdue reminders sent, complaints past retention purged. A second run (another
scheduler, a restart) repeats nothing."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command

from pseahub.audit.models import Action
from pseahub.cases.services import complaint_close

from .helpers import events_on, network, refer, sea_complaint

FRIDAY = dt.datetime(2026, 1, 16, 10, 0, tzinfo=dt.UTC)
LATER = FRIDAY + dt.timedelta(days=20)


@pytest.fixture(autouse=True)
def _keep_signal_handlers() -> Iterator[None]:
    # The command installs its own SIGTERM/SIGINT handlers; give pytest its own back.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db
def test_once_runs_the_deadline_check_and_the_retention_purge(personas, mailoutbox):
    network(timezone="Africa/Bamako", weekend_days=[6, 7], retention_days=10)
    with time_machine.travel(FRIDAY, tick=False):
        overdue = refer(personas, sea_complaint(personas))
        finished = sea_complaint(personas)
        complaint_close(actor=personas.coordinator, complaint=finished, reason="withdrawn")

    with time_machine.travel(LATER, tick=False):
        call_command("run_scheduler", "--once")

    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        (personas.coordinator.email, f"[PSEA Hub] Overdue referral {overdue.complaint.reference} needs your follow-up"),
        (personas.focal_point_a.email, f"[PSEA Hub] Referral {overdue.complaint.reference} is overdue"),
    ]
    assert len(events_on(overdue.complaint, Action.REMINDER_SENT)) == 2
    finished.refresh_from_db()
    assert finished.purged_at == LATER
    assert len(events_on(finished, Action.COMPLAINT_PURGED)) == 1

    with time_machine.travel(LATER + dt.timedelta(minutes=5), tick=False):
        call_command("run_scheduler", "--once")

    assert len(mailoutbox) == 2
    assert len(events_on(finished, Action.COMPLAINT_PURGED)) == 1


@pytest.mark.django_db
def test_once_with_nothing_due_does_nothing(personas, mailoutbox):
    with time_machine.travel(FRIDAY, tick=False):
        complaint = sea_complaint(personas)
        refer(personas, complaint)
        call_command("run_scheduler", "--once")

    assert mailoutbox == []
    assert events_on(complaint, Action.REMINDER_SENT) == []
    complaint.refresh_from_db()
    assert complaint.purged_at is None
