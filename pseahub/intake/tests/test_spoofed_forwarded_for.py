"""Behind our proxy, a client cannot escape the limits by writing its own X-Forwarded-For: only the value the
proxy appended (TRUSTED_PROXY_HOPS from the right) tells clients apart."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.cases.models import Complaint

from .helpers import post_report, report_data

PROXY = {"REMOTE_ADDR": "10.0.0.1"}


@pytest.fixture(autouse=True)
def _mid_hour():
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, 10, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.INTAKE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"  # how a proxy was configured before
    settings.INTAKE_REPORTS_PER_HOUR = 2


@pytest.mark.django_db
def test_a_new_spoofed_address_on_every_request_does_not_escape_the_limit(client, personas, behind_one_proxy):
    statuses = [
        post_report(client, report_data(), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.1", **PROXY).status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 429, 429]
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_clients_behind_the_proxy_are_told_apart_by_what_the_proxy_appended(client, personas, behind_one_proxy):
    for _i in range(2):
        post_report(client, report_data(), HTTP_X_FORWARDED_FOR="198.51.100.1", **PROXY)

    limited = post_report(client, report_data(), HTTP_X_FORWARDED_FOR="198.51.100.1", **PROXY)
    # The same spoofed left-most value as the limited client, but the proxy saw another address.
    other = post_report(client, report_data(), HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.2", **PROXY)

    assert (limited.status_code, other.status_code) == (429, 200)


@pytest.mark.django_db
def test_the_receipt_follow_up_limit_ignores_spoofed_values_too(client, personas, settings, behind_one_proxy):
    settings.INTAKE_RECEIPT_TRIES_PER_HOUR = 2
    statuses = [
        client.post(
            "/report/follow",
            {"receipt": f"11112222333344{n:02d}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.1",
            **PROXY,
        ).status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]
