"""The follow-up page when a coordinator's message was swapped in the database: the reporter still gets the page,
with the intact message, and never the moved text or a technical notice."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint, Message
from pseahub.cases.services import message_to_reporter
from pseahub.cases.tests.helpers import text

from .helpers import file_report, follow


@pytest.mark.django_db
def test_a_swapped_message_shows_empty_and_the_rest_of_the_page_works(client, personas):
    receipt = file_report(client)
    complaint = Complaint.objects.get()
    kept = message_to_reporter(actor=personas.coordinator, complaint=complaint, body="Intact-Message-Hare")
    moved = message_to_reporter(actor=personas.coordinator, complaint=complaint, body="Moved-Message-Stoat")
    Message.objects.filter(pk=moved.pk).update(sealed=bytes(kept.sealed))

    response = follow(client, receipt)

    assert response.status_code == 200
    page = text(response)
    assert page.count("Intact-Message-Hare") == 1
    assert "Moved-Message-Stoat" not in page
    assert "integrity" not in page
