"""With a task backend that can defer (the database backend, as in production), a temporary failure is tried
again after a delay, and the complaint's later messages wait behind it: the reporter reads them in order. A
worker without the dispatch key's private half sends nothing and gives up after the last attempt."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone

from pseahub.cases.models import Complaint
from pseahub.core.secrets import secrets_forget
from pseahub.intake.dispatch import (
    CLAIM_TIMEOUT,
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    dispatch_deliver_run,
    dispatch_queue,
    dispatch_sweep_run,
)
from pseahub.intake.models import Dispatch, DispatchKind, DispatchState, IntakeChannel
from pseahub.intake.periodic import PERIODIC_TASKS
from pseahub.intake.tasks import dispatch_sweep

from .hooks_helpers import NUMBER, FakeProvider, channel_make, committed, twilio_params, twilio_post


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.fixture
def complaint(client, monkeypatch, provider, personas, settings) -> Complaint:
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms", api_base=provider.url, account_sid="AC1")
    with committed():  # the receipt goes out once the webhook has committed
        twilio_post(client, channel, twilio_params())
    provider.wait(1)  # the receipt
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return Complaint.objects.get()


def _bodies(provider) -> list[str]:
    return [r.form.get("Body", "") for r in provider.requests[1:]]


@pytest.mark.django_db
def test_a_retry_is_deferred_and_later_messages_wait_behind_it(complaint, provider, django_capture_on_commit_callbacks):
    channel = IntakeChannel.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        first = dispatch_queue(complaint=complaint, channel=channel, to=NUMBER, text="First")
        second = dispatch_queue(complaint=complaint, channel=channel, to=NUMBER, text="Second")
    provider.status = 503
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        assert dispatch_deliver_run(complaint_id=complaint.pk) == {"sent": 0, "failed": 0, "retrying": 1}
    first.refresh_from_db()
    assert (first.state, first.attempts) == (DispatchState.QUEUED, 1)
    assert first.next_attempt_at == start + dt.timedelta(seconds=RETRY_DELAYS[0])
    assert Dispatch.objects.get(pk=second.pk).attempts == 0  # not tried before the first

    provider.status = 201
    with time_machine.travel(start + dt.timedelta(seconds=5), tick=False):  # a run before the retry is due
        assert dispatch_deliver_run(complaint_id=complaint.pk) == {"sent": 0, "failed": 0, "retrying": 0}
    with time_machine.travel(start + dt.timedelta(seconds=RETRY_DELAYS[0] + 1), tick=False):
        assert dispatch_deliver_run(complaint_id=complaint.pk) == {"sent": 2, "failed": 0, "retrying": 0}

    assert _bodies(provider) == ["First", "First", "Second"]
    assert set(Dispatch.objects.values_list("state", "sealed")) == {(DispatchState.SENT, None)}


@pytest.mark.django_db
def test_a_worker_without_the_private_key_sends_nothing(
    complaint, provider, settings, django_capture_on_commit_callbacks
):
    channel = IntakeChannel.objects.get()
    settings.INTEGRITY_KEY = "integrity-key-for-this-test-" + "k" * 20  # the same for web and worker
    secrets_forget()
    try:
        with django_capture_on_commit_callbacks(execute=False):
            queued = dispatch_queue(complaint=complaint, channel=channel, to=NUMBER, text="Hello")
        # A production worker given only the public half (or nothing): no fallback.
        settings.SECRETS_DEV_FALLBACK = False
        settings.DISPATCH_PUBLIC_KEY, settings.DISPATCH_PRIVATE_KEY = "A" * 43 + "=", ""
        for _attempt in range(MAX_ATTEMPTS):
            Dispatch.objects.filter(pk=queued.pk).update(next_attempt_at=None)
            dispatch_deliver_run(complaint_id=complaint.pk)
    finally:
        secrets_forget()

    queued.refresh_from_db()
    assert (queued.state, queued.attempts, queued.error) == (DispatchState.FAILED, MAX_ATTEMPTS, "no_dispatch_key")
    assert queued.sealed is None and _bodies(provider) == []


@pytest.mark.django_db
def test_the_sweep_sends_a_message_whose_task_was_lost(complaint, provider, settings):
    channel = IntakeChannel.objects.get()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with TestCase.captureOnCommitCallbacks(execute=False):  # the enqueue is lost (a crash after the commit)
            dispatch_queue(complaint=complaint, channel=channel, to=NUMBER, text="Lost")
        assert dispatch_sweep_run() == 0  # not overdue yet
    with time_machine.travel(start + dt.timedelta(minutes=6), tick=False):
        assert dispatch_sweep_run() == 1

    assert _bodies(provider) == ["Lost"]
    assert Dispatch.objects.get(kind=DispatchKind.MESSAGE).state == DispatchState.SENT
    assert (dispatch_sweep, 600) in PERIODIC_TASKS


@pytest.mark.django_db
def test_a_message_another_run_is_sending_keeps_the_later_ones_waiting(
    complaint, provider, django_capture_on_commit_callbacks
):
    channel = IntakeChannel.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        first = dispatch_queue(complaint=complaint, channel=channel, to=NUMBER, text="First")
        dispatch_queue(complaint=complaint, channel=channel, to=NUMBER, text="Second")
    Dispatch.objects.filter(pk=first.pk).update(state=DispatchState.SENDING, claimed_at=timezone.now(), attempts=1)

    assert dispatch_deliver_run(complaint_id=complaint.pk) == {"sent": 0, "failed": 0, "retrying": 0}
    assert _bodies(provider) == []

    # That run died: after CLAIM_TIMEOUT its message is taken again, then the next one.
    with time_machine.travel(timezone.now() + CLAIM_TIMEOUT + dt.timedelta(seconds=1), tick=False):
        assert dispatch_deliver_run(complaint_id=complaint.pk) == {"sent": 2, "failed": 0, "retrying": 0}
    assert _bodies(provider) == ["First", "Second"]
