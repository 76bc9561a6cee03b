"""A queued message is sealed to the dispatch key and bound to its row by a MAC under INTEGRITY_KEY: nothing in
clear at rest, and a database writer can neither read one, nor forge one with the public key, nor move one to
another row. The task's arguments carry the complaint's id only."""

from __future__ import annotations

import json

import pytest
from django_tasks_db.models import DBTaskResult

from pseahub.cases.models import Complaint
from pseahub.intake import dispatch as dispatch_module
from pseahub.intake.dispatch import dispatch_deliver_run, dispatch_public_key, dispatch_queue
from pseahub.intake.models import Dispatch, DispatchState, IntakeChannel
from pseahub.vault import crypto

from .hooks_helpers import NUMBER, FakeProvider, channel_make, committed, twilio_params, twilio_post

TEXT = "Sealed-Text-4410: we can meet at the clinic."


@pytest.fixture
def provider():
    server = FakeProvider()
    yield server
    server.close()


@pytest.fixture
def complaint(client, monkeypatch, provider, personas) -> Complaint:
    channel = channel_make(monkeypatch, provider="twilio", slug="twilio-sms", api_base=provider.url, account_sid="AC1")
    with committed():  # the receipt goes out once the webhook has committed
        twilio_post(client, channel, twilio_params())
    provider.wait(1)  # the receipt
    return Complaint.objects.get()


def _texts(provider) -> list[str]:
    return [r.form.get("Body", "") for r in provider.requests]


@pytest.mark.django_db
def test_nothing_in_clear_while_queued(complaint, django_capture_on_commit_callbacks):
    channel = IntakeChannel.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        queued = dispatch_queue(complaint=complaint, channel=channel, to=NUMBER, text=TEXT)

    stored = Dispatch.objects.filter(pk=queued.pk).values().get()
    dumped = repr(stored)
    assert TEXT not in dumped and NUMBER not in dumped
    assert TEXT.encode() not in bytes(stored["sealed"]) and NUMBER.encode() not in bytes(stored["sealed"])
    # Only the dispatch key's private half opens it.
    opened = json.loads(crypto.unseal(dispatch_module.dispatch_private_key(), bytes(stored["sealed"])))
    assert (opened["to"], opened["text"]) == (NUMBER, TEXT)


@pytest.mark.django_db(transaction=True)
def test_the_task_arguments_hold_no_number_and_no_text(complaint, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    channel = IntakeChannel.objects.get()

    dispatch_queue(complaint=complaint, channel=channel, to=NUMBER, text=TEXT)

    (result,) = DBTaskResult.objects.filter(task_path="pseahub.intake.tasks.dispatch_deliver")
    assert result.args_kwargs == {"args": [], "kwargs": {"complaint_id": complaint.pk}}


@pytest.mark.django_db
def test_a_message_forged_with_the_public_key_is_refused(complaint, provider):
    channel = IntakeChannel.objects.get()
    payload = {"id": "", "to": "+22300000099", "text": "Forged: call this number", "content_sid": ""}
    forged = Dispatch.objects.create(complaint=complaint, channel=channel, queued_at=complaint.created_at)
    payload["id"] = str(forged.public_id)
    sealed = crypto.seal(dispatch_public_key(), json.dumps(payload).encode())
    Dispatch.objects.filter(pk=forged.pk).update(sealed=sealed, mac=b"\x00" * 32)
    before = len(provider.requests)

    counts = dispatch_deliver_run(complaint_id=complaint.pk)

    assert counts == {"sent": 0, "failed": 1, "retrying": 0}
    assert len(provider.requests) == before
    forged.refresh_from_db()
    assert (forged.state, forged.error, forged.sealed) == (DispatchState.FAILED, "unreadable", None)


@pytest.mark.django_db
def test_a_message_moved_to_another_row_is_refused(complaint, provider, django_capture_on_commit_callbacks):
    channel = IntakeChannel.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        first = dispatch_queue(complaint=complaint, channel=channel, to=NUMBER, text=TEXT)
        second = dispatch_queue(complaint=complaint, channel=channel, to=NUMBER, text="Second")
    # A database writer copies the first message (ciphertext and MAC) over the second.
    Dispatch.objects.filter(pk=second.pk).update(sealed=first.sealed, mac=first.mac)

    dispatch_deliver_run(complaint_id=complaint.pk)

    assert _texts(provider).count(TEXT) == 1  # sent once, by its own row
    second.refresh_from_db()
    assert (second.state, second.error) == (DispatchState.FAILED, "unreadable")
