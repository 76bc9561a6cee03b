"""The follow-up page limits wrong receipt codes only: a correct receipt always opens the report and never
counts. A limited client is told when it can try again and given the network's numbers; a burst of wrong codes
from anywhere tells the coordinators, once per window."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.audit.models import Action, AuditEvent
from pseahub.network.services import network_settings_update

from .helpers import file_report

WRONG = "1111222233334444"
LIMITED = "too many wrong codes were tried from this connection"
NOT_FOUND = "We could not find a report with this receipt code."


@pytest.fixture(autouse=True)
def _mid_hour():
    # Windows follow the clock: start well inside one so it cannot roll over mid-test.
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, 20, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def two_wrong_per_hour(settings):
    settings.INTAKE_RECEIPT_TRIES_PER_HOUR = 2


def _follow(client, receipt, **meta):
    return client.post("/report/follow", {"receipt": receipt}, **meta)


@pytest.mark.django_db
def test_wrong_codes_are_limited_per_client_and_the_refusal_says_when(client, personas, two_wrong_per_hour):
    answers = [_follow(client, WRONG) for _i in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert NOT_FOUND in answers[1].content.decode()
    page = answers[2].content.decode()
    assert LIMITED in page
    assert "Check your code and try again in 40 minutes." in page
    assert _follow(client, WRONG, REMOTE_ADDR="192.0.2.200").status_code == 200  # another client


@pytest.mark.django_db
def test_a_correct_receipt_opens_the_report_even_when_the_client_is_limited(client, personas, two_wrong_per_hour):
    receipt = file_report(client)
    for _i in range(3):
        _follow(client, WRONG)
    assert _follow(client, WRONG).status_code == 429

    response = _follow(client, receipt)

    assert response.status_code == 302
    assert response["Location"] == "/report/status"
    assert "We have received your report." in client.get("/report/status").content.decode()


@pytest.mark.django_db
def test_a_correct_receipt_never_counts_against_the_limit(client, personas, two_wrong_per_hour):
    receipt = file_report(client)
    for _i in range(5):
        assert _follow(client, receipt).status_code == 302

    answers = [_follow(client, WRONG).status_code for _i in range(3)]

    assert answers == [200, 200, 429]


@pytest.mark.django_db
def test_the_networks_numbers_appear_only_when_set(client, personas, two_wrong_per_hour):
    for _i in range(2):
        _follow(client, WRONG)
    without = _follow(client, WRONG).content.decode()
    network_settings_update(actor=personas.admin, hotline_number="+223 80 00 11 22")
    hotline_only = _follow(client, WRONG).content.decode()
    network_settings_update(actor=personas.admin, emergency_number="17")
    both = _follow(client, WRONG).content.decode()

    assert "hotline" not in without and "emergency number" not in without
    assert 'call the hotline: <a href="tel:+223 80 00 11 22">+223 80 00 11 22</a>' in hotline_only
    assert "emergency number" not in hotline_only
    assert 'call the emergency number: <a href="tel:17">17</a>' in both


@pytest.mark.django_db
def test_a_burst_of_wrong_codes_notifies_the_coordinators_once_per_window(
    client, personas, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.INTAKE_RECEIPT_BURST_THRESHOLD = 3
    settings.INTAKE_RECEIPT_BURST_WINDOW_MINUTES = 60
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):  # from six different clients: each is under its own limit
            _follow(client, f"11112222333344{n:02d}", REMOTE_ADDR=f"192.0.2.{n + 1}")

    assert [m.to for m in mailoutbox] == [[personas.coordinator.email]]
    notice = mailoutbox[0]
    assert notice.subject == "[PSEA Hub] Many wrong receipt codes on the follow-up page"
    assert "3 wrong receipt codes were entered on the public follow-up page within 60 minutes" in notice.body
    assert "11112222" not in notice.body and "192.0.2." not in notice.body
    burst = AuditEvent.objects.get(action=Action.RECEIPT_GUESSES_BURST)
    assert burst.data == {"wrong_receipts": 3, "window_minutes": 60}

    next_hour = dt.datetime(2026, 3, 3, 11, 20, tzinfo=dt.UTC)
    with time_machine.travel(next_hour, tick=True), django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            _follow(client, WRONG, REMOTE_ADDR=f"192.0.2.{n + 100}")

    assert len(mailoutbox) == 2
