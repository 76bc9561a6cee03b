"""message_to_reporter: a sealed message the reporter reads with the receipt; audited without its text."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Message, MessageDirection
from pseahub.cases.services import message_to_reporter
from pseahub.core.exceptions import ApplicationError
from pseahub.intake.services import receipt_open
from pseahub.vault import services as vault

from .helpers import events_on, submit


@pytest.mark.django_db
def test_it_seals_the_message_for_the_reporter_and_audits_it(personas):
    submitted = submit()

    message = message_to_reporter(
        actor=personas.coordinator, complaint=submitted.complaint, body="Please-Call-Hotline-3344"
    )

    assert message.direction == MessageDirection.TO_REPORTER
    assert message.author == personas.coordinator
    assert b"Please-Call" not in bytes(message.sealed)
    access = receipt_open(receipt_text=submitted.receipt)
    assert access is not None
    assert vault.open_data(access.keyring_private, bound_to=(message, "sealed")) == {"body": "Please-Call-Hotline-3344"}
    (event,) = events_on(submitted.complaint, Action.MESSAGE_TO_REPORTER)
    assert event.actor == personas.coordinator
    assert "Please-Call" not in str(event.data)


@pytest.mark.django_db
def test_it_refuses_an_empty_message(personas):
    submitted = submit()

    with pytest.raises(ApplicationError):
        message_to_reporter(actor=personas.coordinator, complaint=submitted.complaint, body="   ")

    assert not Message.objects.exists()
    assert not events_on(submitted.complaint, Action.MESSAGE_TO_REPORTER)
