"""Receipt attempts are rate-limited per client: past the limit even the right receipt gets 429."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.audit.models import Action
from pseahub.cases.models import Complaint
from pseahub.cases.tests.helpers import events_on, text

from .helpers import file_report


@pytest.fixture(autouse=True)
def _mid_hour():
    # The limiter counts per clock hour: start well inside one so the window cannot roll over mid-test.
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, 10, tzinfo=dt.UTC), tick=True):
        yield


@pytest.mark.django_db
def test_guessing_stops_at_the_limit(client, personas, settings):
    settings.INTAKE_RECEIPT_TRIES_PER_HOUR = 3
    receipt = file_report(client)

    guesses = [client.post("/report/follow", {"receipt": f"{n:016d}"}).status_code for n in range(3)]
    right = client.post("/report/follow", {"receipt": receipt})

    assert guesses == [200, 200, 200]
    assert right.status_code == 429
    assert "Too many tries from this connection." in text(right)
    assert not events_on(Complaint.objects.get(), Action.REPORTER_FOLLOWED_UP)


@pytest.mark.django_db
def test_the_right_receipt_counts_too(client, personas, settings):
    settings.INTAKE_RECEIPT_TRIES_PER_HOUR = 2
    receipt = file_report(client)

    codes = [client.post("/report/follow", {"receipt": receipt}).status_code for _i in range(3)]

    assert codes == [302, 302, 429]


@pytest.mark.django_db
def test_another_client_may_still_try(client, personas, settings):
    settings.INTAKE_RECEIPT_TRIES_PER_HOUR = 1
    receipt = file_report(client)
    client.post("/report/follow", {"receipt": "0" * 16}, REMOTE_ADDR="192.0.2.1")

    response = client.post("/report/follow", {"receipt": receipt}, REMOTE_ADDR="192.0.2.2")

    assert response.status_code == 302
