"""Rate limits for the public pages that keep no IP address.

A client is known only by an HMAC of its address (``pseahub.core.client``, past our trusted proxies) under a
key that changes every window; the counter lives in the shared store (``pseahub.core.counters``: Redis or
the database, the same for every worker) and expires with the window, so nothing links a reporter to an
address after the window.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.http import HttpRequest

from pseahub.core.client import client_address
from pseahub.core.counters import counter_get, counter_incr
from pseahub.core.secrets import integrity_subkey


class RateLimitedError(Exception):
    """Raised where a limit is counted inside a transaction, to roll back what the refused attempt wrote."""


def _window_key(scope: str, request: HttpRequest, window: int) -> str:
    period = int(time.time()) // window
    message = f"{scope}:{period}:{client_address(request)}".encode()
    digest = hmac.new(integrity_subkey("ratelimit-v1"), message, hashlib.sha256).hexdigest()[:32]
    return f"rl:{scope}:{period}:{digest}"


def seconds_left(window: int = 3600) -> int:
    """Seconds until the current window ends and every client's count starts again."""
    return window - int(time.time()) % window


def rate_limit_hit(request: HttpRequest, *, scope: str, limit: int, window: int = 3600) -> bool:
    """Count one attempt; False when the client has used up ``limit`` attempts in this window."""
    return counter_incr(_window_key(scope, request, window), ttl=window) <= limit


def rate_limit_exceeded(request: HttpRequest, *, scope: str, limit: int, window: int = 3600) -> bool:
    """Whether the client is already at or over the limit, without counting an attempt."""
    return counter_get(_window_key(scope, request, window)) >= limit


def network_count(*, scope: str, window: int) -> int:
    """Count one event for the whole installation (any client) in the current window; the new count."""
    period = int(time.time()) // window
    return counter_incr(f"net:{scope}:{period}", ttl=window)
