"""A new complaint's receipt code leaves the web process the way coordinators' messages do: the webhook queues it
sealed to the dispatch key (no provider call in the request), the task worker sends it with retries, before any
later message to the complaint, and deletes the ciphertext once it is sent or given up. The receipt opens the
reporter's case: it is in no task argument, no log line, no audit entry, no column in clear, and the case page
shows its delivery state without it. The provider is a real HTTP server on loopback; the database queue and its
real worker stand in for production where it matters."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import pytest
from django.core.management import call_command
from django.db import models
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Complaint
from pseahub.intake import dispatch as dispatch_module
from pseahub.intake.dispatch import MAX_ATTEMPTS
from pseahub.intake.models import Dispatch, DispatchKind, DispatchState
from pseahub.intake.services import receipt_open

from .hooks_helpers import NUMBER, FakeProvider, channel_make, committed, twilio_params, twilio_post

RECEIPT = re.compile(r"\b(\d{4} \d{4} \d{4} \d{4})\b")
DELIVER_TASK = "pseahub.intake.tasks.dispatch_deliver"
MESSAGE = "Later-Message-6120: are you safe?"


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.fixture
def database_queue(settings, monkeypatch):
    """The production task backend: enqueuing stores a row, and the real worker runs it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker tidies connections between tasks, which would close the test's own transaction on PostgreSQL.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def _work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def _forms(receipt: str) -> list[bytes]:
    """The receipt as the reporter reads it (grouped) and as typed (digits only), in the encodings a row holds."""
    digits = receipt.replace(" ", "")
    return [form.encode(encoding) for form in (receipt, digits) for encoding in ("utf-8", "utf-16-le")]


def _values(rows: Iterable[models.Model]) -> list[bytes]:
    """Every column of every row, text and binary alike, as bytes."""
    values = []
    for row in rows:
        for field in row._meta.concrete_fields:
            value = getattr(row, field.attname)
            if isinstance(value, (bytes, memoryview)):
                values.append(bytes(value))
            elif value is not None:
                values.append(str(value).encode("utf-8"))
    return values


def _assert_nowhere(receipt: str, values: Iterable[bytes]) -> None:
    for value in values:
        for form in _forms(receipt):
            assert form not in value


def _receipt_of(text: str) -> str:
    match = RECEIPT.search(text)
    assert match, "no receipt in the text"
    return match.group(1)


def _sms_channel(monkeypatch, url: str):
    return channel_make(monkeypatch, provider="twilio", slug="twilio-sms", api_base=url, account_sid="AC1")


@pytest.mark.django_db
def test_the_webhook_queues_the_receipt_sealed_and_the_worker_sends_it(
    client, personas, monkeypatch, provider, database_queue, unlocked_client_for, caplog
):
    caplog.set_level(logging.DEBUG)
    channel = _sms_channel(monkeypatch, provider.url)

    with committed():  # the webhook's commit: the delivery task is stored, nothing is sent
        response = twilio_post(client, channel, twilio_params())

    assert response.status_code == 200
    assert provider.requests == []  # no provider call in the request
    dispatch = Dispatch.objects.get()
    assert (dispatch.kind, dispatch.state, dispatch.attempts) == (DispatchKind.RECEIPT, DispatchState.QUEUED, 0)
    # Only sealed: the dispatch key's private half (the worker's) opens it.
    payload = dispatch_module._open(dispatch)
    assert payload["to"] == NUMBER
    receipt = _receipt_of(payload["text"])
    _assert_nowhere(receipt, _values([dispatch]))
    assert NUMBER.encode() not in bytes(dispatch.sealed)
    (task,) = DBTaskResult.objects.filter(task_path=DELIVER_TASK)
    assert task.args_kwargs == {"args": [], "kwargs": {"complaint_id": dispatch.complaint_id}}
    queued = AuditEvent.objects.get(action=Action.REPORTER_MESSAGE_QUEUED)
    assert queued.actor_id is None
    assert queued.data == {"channel": "twilio-sms", "provider": "twilio", "kind": "receipt", "count": 1}

    _work()

    (sent,) = provider.requests
    assert sent.form["To"] == NUMBER and _receipt_of(sent.form["Body"]) == receipt
    access = receipt_open(receipt_text=receipt)
    assert access is not None and access.complaint == Complaint.objects.get()
    dispatch.refresh_from_db()
    assert (dispatch.state, dispatch.attempts, dispatch.error) == (DispatchState.SENT, 1, "")
    assert dispatch.sealed is None and dispatch.mac is None  # deleted once delivered
    # Nothing of the receipt at rest: the row, the task table, the audit log; nor in a log line.
    _assert_nowhere(receipt, _values(Dispatch.objects.all()))
    _assert_nowhere(receipt, _values(DBTaskResult.objects.all()))
    _assert_nowhere(receipt, _values(AuditEvent.objects.all()))
    _assert_nowhere(receipt, [caplog.text.encode("utf-8")])
    assert NUMBER not in caplog.text
    relayed = AuditEvent.objects.get(action=Action.REPORTER_MESSAGE_RELAYED)
    assert relayed.data == {
        "channel": "twilio-sms",
        "provider": "twilio",
        "kind": "receipt",
        "attempts": 1,
        "sent": True,
    }
    # The coordinator sees that it went out, and not what it was.
    complaint = Complaint.objects.get()
    page = unlocked_client_for(personas.coordinator).get(f"/cases/{complaint.public_id}/").content.decode()
    assert "Receipt code sent back to the reporter · " in page
    assert '<span class="delivery delivery-sent">SMS/WhatsApp: sent</span>' in page
    _assert_nowhere(receipt, [page.encode("utf-8")])


@pytest.mark.django_db
def test_a_failing_provider_is_retried_then_given_up_and_the_case_page_says_so(
    client, personas, monkeypatch, unlocked_client_for, caplog
):
    caplog.set_level(logging.DEBUG)
    failing = FakeProvider(status=503)
    try:
        channel = _sms_channel(monkeypatch, failing.url)
        with committed():  # the immediate backend runs each retry at once
            response = twilio_post(client, channel, twilio_params())
        assert response.status_code == 200
        assert len(failing.requests) == MAX_ATTEMPTS
    finally:
        failing.close()

    receipt = _receipt_of(failing.requests[0].form["Body"])
    dispatch = Dispatch.objects.get()
    assert (dispatch.kind, dispatch.state) == (DispatchKind.RECEIPT, DispatchState.FAILED)
    assert (dispatch.attempts, dispatch.error) == (MAX_ATTEMPTS, "http_503")
    assert dispatch.sealed is None and dispatch.mac is None  # deleted once given up
    _assert_nowhere(receipt, _values(Dispatch.objects.all()))
    _assert_nowhere(receipt, _values(AuditEvent.objects.all()))
    _assert_nowhere(receipt, [caplog.text.encode("utf-8")])
    failed = AuditEvent.objects.get(action=Action.REPORTER_MESSAGE_FAILED)
    assert failed.data == {
        "channel": "twilio-sms",
        "provider": "twilio",
        "kind": "receipt",
        "attempts": MAX_ATTEMPTS,
        "error": "http_503",
    }
    complaint = Complaint.objects.get()
    page = unlocked_client_for(personas.coordinator).get(f"/cases/{complaint.public_id}/").content.decode()
    assert f"SMS/WhatsApp: failed, given up after {MAX_ATTEMPTS} attempt(s)" in page
    _assert_nowhere(receipt, [page.encode("utf-8")])


@pytest.mark.django_db
def test_the_receipt_goes_before_a_later_message(
    client, personas, monkeypatch, provider, unlocked_client_for, django_capture_on_commit_callbacks
):
    channel = _sms_channel(monkeypatch, provider.url)
    with django_capture_on_commit_callbacks(execute=False):  # its delivery task is lost: the receipt waits
        twilio_post(client, channel, twilio_params())
    complaint = Complaint.objects.get()
    assert provider.requests == []

    with django_capture_on_commit_callbacks(execute=True):
        unlocked_client_for(personas.coordinator).post(f"/cases/{complaint.public_id}/messages/", {"body": MESSAGE})

    first, second = provider.requests
    assert RECEIPT.search(first.form["Body"]) and second.form["Body"] == MESSAGE
    kinds = list(Dispatch.objects.order_by("finished_at").values_list("kind", "state"))
    assert kinds == [(DispatchKind.RECEIPT, DispatchState.SENT), (DispatchKind.MESSAGE, DispatchState.SENT)]


@pytest.mark.django_db
def test_a_channel_that_cannot_reply_queues_no_receipt(client, personas, monkeypatch, provider):
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms", api_base=provider.url)  # no account

    with committed():
        response = twilio_post(client, channel, twilio_params())

    assert response.status_code == 200
    assert not Dispatch.objects.exists() and provider.requests == []
