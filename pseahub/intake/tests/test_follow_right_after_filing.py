"""Right after filing, "Follow my report" on the receipt page opens the report without retyping the receipt,
and does not use up a follow-up try, even for a connection that has used up its wrong tries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from pseahub.cases.tests.helpers import receipt_on_page

from .helpers import post_report, report_data

WRONG = "1111222233334444"
FOLLOW_FORM = re.compile(r'<form method="post" action="([^"]+)" id="follow-now">(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


@pytest.fixture(autouse=True)
def _mid_hour():
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, 20, tzinfo=dt.UTC), tick=True):
        yield


def _press_follow(client, receipt_page):
    """Press the receipt page's "Follow my report" button: send its form as it is."""
    match = FOLLOW_FORM.search(receipt_page.content.decode())
    assert match, "the receipt page has no follow button carrying the receipt"
    action, body = match.groups()
    return client.post(action, dict(HIDDEN.findall(body)))


@pytest.mark.django_db
def test_follow_my_report_opens_the_report_without_typing(client, personas):
    page = post_report(client, report_data())
    assert len(receipt_on_page(page)) == 16

    response = _press_follow(client, page)

    assert response.status_code == 302
    assert response["Location"] == "/report/status"
    assert "We have received your report." in client.get("/report/status").content.decode()


@pytest.mark.django_db
def test_follow_my_report_uses_no_try_even_when_the_tries_are_used_up(client, personas, settings):
    settings.INTAKE_RECEIPT_TRIES_PER_HOUR = 2
    page = post_report(client, report_data())
    for _i in range(2):
        client.post("/report/follow", {"receipt": WRONG})
    assert client.post("/report/follow", {"receipt": WRONG}).status_code == 429

    assert _press_follow(client, page)["Location"] == "/report/status"
    assert _press_follow(client, page)["Location"] == "/report/status"
    assert client.post("/report/follow", {"receipt": WRONG}).status_code == 429  # the count did not move


@pytest.mark.django_db
def test_following_leaves_no_receipt_to_show_again(client, personas):
    page = post_report(client, report_data())
    _press_follow(client, page)

    assert 'id="receipt"' not in client.get("/report/receipt").content.decode()
