"""A receipt nobody opened is forgotten: the periodic sweep deletes it (and expired form claims) after its
15 minutes; the receipt page would show nothing for it even before (its expiry is checked as it is taken)."""

from __future__ import annotations

import pytest

from pseahub.intake.models import FormSubmission
from pseahub.intake.submission import submissions_sweep

from .helpers import form_token, report_data


@pytest.mark.django_db
def test_an_unopened_receipt_is_swept_after_fifteen_minutes_and_the_claim_after_a_day(client, personas, time_machine):
    time_machine.move_to("2026-03-03 10:00Z", tick=False)
    client.post("/report", {**report_data(), "form_token": form_token(client)})
    assert submissions_sweep() == 0

    time_machine.move_to("2026-03-03 10:16Z", tick=False)

    assert submissions_sweep() == 1
    assert [row.name.split(":")[0] for row in FormSubmission.objects.all()] == ["once"]
    assert 'id="receipt"' not in client.get("/report/receipt").content.decode()
    time_machine.move_to("2026-03-04 10:01Z", tick=False)
    assert submissions_sweep() == 1
    assert not FormSubmission.objects.exists()
