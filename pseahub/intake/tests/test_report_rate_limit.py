"""Reports are rate-limited per client, and the limiter keeps only a keyed hash of the address."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from pseahub.cases.models import Complaint

from .helpers import report_data


@pytest.fixture(autouse=True)
def _mid_hour():
    # The limiter counts per clock hour: start well inside one so the window cannot roll over mid-test.
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, 10, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def two_per_hour(settings):
    settings.INTAKE_REPORTS_PER_HOUR = 2


@pytest.mark.django_db
def test_the_third_report_within_the_hour_gets_429_and_files_nothing(client, personas, two_per_hour):
    statuses = [client.post("/report", report_data()).status_code for _i in range(3)]

    assert statuses == [200, 200, 429]
    assert Complaint.objects.count() == 2
    page = client.post("/report", report_data()).content.decode()
    assert "Too many reports were sent from this connection." in page


@pytest.mark.django_db
def test_another_client_is_not_limited(client, personas, two_per_hour):
    for _i in range(3):
        client.post("/report", report_data(), REMOTE_ADDR="192.0.2.10")

    response = client.post("/report", report_data(), REMOTE_ADDR="192.0.2.11")

    assert response.status_code == 200
    assert Complaint.objects.count() == 3


@pytest.mark.django_db
def test_behind_a_proxy_the_configured_header_tells_clients_apart(client, personas, two_per_hour, settings):
    settings.INTAKE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _i in range(2):
        client.post("/report", report_data(), HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.1", **proxy)

    limited = client.post("/report", report_data(), HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    other = client.post("/report", report_data(), HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)

    assert (limited.status_code, other.status_code) == (429, 200)


@pytest.mark.django_db
def test_the_limiter_keeps_no_address(client, personas):
    client.post("/report", report_data(), REMOTE_ADDR="198.51.100.99")

    keys = list(cache._cache.keys())  # locmem cache, as configured for the tests
    assert keys, "the limiter counted nothing"
    assert not any("198.51.100.99" in key for key in keys)
    assert all(str(value) not in ("198.51.100.99",) for value in cache._cache.values())
