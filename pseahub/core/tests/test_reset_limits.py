"""manage.py reset_limits: in development, the public pages' limits start again; elsewhere it refuses."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from pseahub.core.counters import counter_get, counter_incr

pytestmark = pytest.mark.django_db


LIMITED = "too many wrong codes were tried from this connection"


def _wrong_receipt(client: Client) -> str:
    return client.post("/report/follow", {"receipt": "0000 1111 2222 3333"}).content.decode()


def test_it_lifts_the_limit_on_receipt_tries_in_development(settings):
    settings.DEBUG = True
    settings.INTAKE_RECEIPT_TRIES_PER_HOUR = 1
    client = Client()
    _wrong_receipt(client)
    assert LIMITED in _wrong_receipt(client)

    call_command("reset_limits", stdout=io.StringIO())

    assert LIMITED not in _wrong_receipt(client)


def test_it_refuses_outside_development(settings):
    settings.DEBUG = False
    counter_incr("some-scope:some-client", ttl=3600)

    with pytest.raises(CommandError, match="development only"):
        call_command("reset_limits", stdout=io.StringIO())

    assert counter_get("some-scope:some-client") == 1
