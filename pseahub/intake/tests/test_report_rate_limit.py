"""Reports are rate-limited per client, the refusal says when to try again, and the limiter keeps only a keyed
hash of the address."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
import time_machine
from django.db import connection

from pseahub.cases.models import Complaint
from pseahub.core.models import Counter
from pseahub.network.services import network_settings_update

from .helpers import post_report, report_data


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
    statuses = [post_report(client, report_data()).status_code for _i in range(3)]

    assert statuses == [200, 200, 429]
    assert Complaint.objects.count() == 2
    page = post_report(client, report_data()).content.decode()
    assert "Too many reports were sent from this connection." in page


@pytest.mark.django_db
def test_another_client_is_not_limited(client, personas, two_per_hour):
    for _i in range(3):
        post_report(client, report_data(), REMOTE_ADDR="192.0.2.10")

    response = post_report(client, report_data(), REMOTE_ADDR="192.0.2.11")

    assert response.status_code == 200
    assert Complaint.objects.count() == 3


@pytest.mark.django_db
def test_the_limit_is_told_in_words_with_the_networks_numbers(client, personas, two_per_hour):
    network_settings_update(actor=None, hotline_number="+223 800 00 00", emergency_number="112")
    for _i in range(2):
        post_report(client, report_data())

    page = post_report(client, report_data()).content.decode()

    # 10:10 plus a little: the window ends at 11:00.
    assert "You can send one again in 50 minutes." in page
    assert 'call the hotline: <a href="tel:+223 800 00 00">+223 800 00 00</a>' in page
    assert 'call the emergency number: <a href="tel:112">112</a>' in page


@pytest.mark.django_db
def test_the_limiter_keeps_no_address(client, personas):
    post_report(client, report_data(), REMOTE_ADDR="198.51.100.99")

    names = list(Counter.objects.values_list("name", flat=True))
    assert names, "the limiter counted nothing"
    assert not any("198.51.100.99" in name for name in names)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM pseahub_cache")
        assert not any("198.51.100.99" in key + value for key, value in cursor.fetchall())


@pytest.mark.django_db
def test_with_redis_the_limit_holds_the_same(client, personas, two_per_hour, settings):
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    settings.REDIS_URL = url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    address = f"192.0.2.{secrets.randbelow(250) + 1}"  # apart from any other run sharing this Redis

    statuses = [post_report(client, report_data(), REMOTE_ADDR=address).status_code for _i in range(3)]

    assert statuses == [200, 200, 429]
    assert not Counter.objects.exists()  # counted in Redis, not in the database
