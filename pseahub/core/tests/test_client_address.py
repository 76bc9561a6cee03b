"""The client's address past our trusted proxies: the value our outermost proxy appended to X-Forwarded-For,
never one a client wrote itself."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from pseahub.core.client import client_address, client_digest

CLIENT = "198.51.100.7"
SPOOFED = "203.0.113.66"
PROXY = "10.0.0.1"
INNER_PROXY = "10.0.0.2"


def _request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_HOPS = 0

    assert client_address(_request(CLIENT, SPOOFED)) == CLIENT


def test_behind_one_proxy_the_right_most_value_is_the_client(settings):
    settings.TRUSTED_PROXY_HOPS = 1

    assert client_address(_request(PROXY, CLIENT)) == CLIENT


def test_a_value_the_client_wrote_itself_is_never_taken(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    # The client sent "X-Forwarded-For: 203.0.113.66"; our proxy appended the address it really came from.
    request = _request(PROXY, f"{SPOOFED}, {CLIENT}")

    assert client_address(request) == CLIENT


def test_behind_two_proxies_the_second_value_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_HOPS = 2

    assert client_address(_request(INNER_PROXY, f"{SPOOFED}, {CLIENT}, {PROXY}")) == CLIENT


def test_with_fewer_values_than_hops_the_farthest_proxy_value_is_taken(settings):
    settings.TRUSTED_PROXY_HOPS = 2

    assert client_address(_request(PROXY, CLIENT)) == CLIENT


def test_a_missing_header_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_HOPS = 1

    assert client_address(_request(CLIENT)) == CLIENT


@pytest.mark.parametrize("hops", [0, 1])
def test_the_digest_is_keyed_and_stable_and_is_not_the_address(settings, hops):
    settings.TRUSTED_PROXY_HOPS = hops
    one = client_digest(_request(CLIENT, CLIENT), purpose="test")

    assert one == client_digest(_request(CLIENT, CLIENT), purpose="test")
    assert one != client_digest(_request(CLIENT, CLIENT), purpose="other")
    assert one != client_digest(_request(SPOOFED, SPOOFED), purpose="test")
    assert CLIENT.encode() not in one
