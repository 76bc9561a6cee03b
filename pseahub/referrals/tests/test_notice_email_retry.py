"""A notice e-mail (here: a new referral for the focal point) that cannot be delivered because the mail server
is down is tried again later by the task worker, and arrives once when the server is back; a permanent refusal
is not retried. Real SMTP backend and server (aiosmtpd), the real database queue and its worker."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from pseahub.core.tasks import RETRY_DELAYS

from .helpers import mail_text, refer, sea_complaint

EMAIL_TASK = "pseahub.core.tasks.email_send"


@pytest.fixture
def database_queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker tidies connections between tasks, which would close the test's own transaction on PostgreSQL.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def work(at: dt.datetime) -> None:
    """One pass of the real worker at ``at``: every task due by then runs once."""
    with time_machine.travel(at, tick=False):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def waiting() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=EMAIL_TASK, status="READY").order_by("run_after"))


@pytest.mark.django_db
def test_a_notice_is_delivered_once_when_the_mail_server_is_back(personas, smtp, database_queue):
    complaint = sea_complaint(personas)
    DBTaskResult.objects.all().delete()  # the coordinators' intake notices: not what this test follows
    referral = refer(personas, complaint)
    (queued,) = waiting()
    assert queued.args_kwargs["kwargs"]["to"] == personas.focal_point_a.email

    now = timezone.now()
    work(now)  # nothing listens on the port: connection refused
    (retry,) = waiting()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > now + dt.timedelta(seconds=RETRY_DELAYS[0] - 5)
    assert smtp.messages == []

    work(now + dt.timedelta(seconds=10))  # too early: the retry waits for its time
    assert [task.pk for task in waiting()] == [retry.pk]

    smtp.start()
    work(now + dt.timedelta(seconds=RETRY_DELAYS[0] + 1))
    assert waiting() == []
    assert smtp.recipients() == [personas.focal_point_a.email]
    subject, body = mail_text(smtp.messages[0])
    assert referral.complaint.reference in subject
    assert f"/referrals/{referral.public_id}/" in body

    work(now + dt.timedelta(hours=12))
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_a_refused_address_is_not_tried_again(personas, smtp, database_queue):
    smtp.reject.add(personas.focal_point_a.email)
    smtp.start()
    complaint = sea_complaint(personas)
    DBTaskResult.objects.all().delete()
    refer(personas, complaint)

    work(timezone.now())

    assert waiting() == []
    failed = DBTaskResult.objects.get(task_path=EMAIL_TASK)
    assert failed.status == "FAILED"
    assert "SMTPRecipientsRefused" in failed.traceback
    assert personas.focal_point_a.email not in failed.traceback
    assert smtp.messages == []


@pytest.mark.django_db
def test_it_gives_up_after_the_last_attempt(personas, smtp, database_queue):
    complaint = sea_complaint(personas)
    DBTaskResult.objects.all().delete()
    refer(personas, complaint)
    moment = timezone.now()

    for delay in (0, *RETRY_DELAYS):
        moment += dt.timedelta(seconds=delay + 1)
        work(moment)

    assert waiting() == []
    statuses = sorted(DBTaskResult.objects.filter(task_path=EMAIL_TASK).values_list("status", flat=True))
    assert statuses == ["FAILED"] * (1 + len(RETRY_DELAYS))
    last = DBTaskResult.objects.filter(task_path=EMAIL_TASK).order_by("-enqueued_at").first()
    assert last.args_kwargs["kwargs"]["attempt"] == 1 + len(RETRY_DELAYS)
    assert "not tried again" in last.traceback
    assert personas.focal_point_a.email not in "".join(t.traceback for t in DBTaskResult.objects.all())
