"""Rate limits for the public pages that keep no IP address.

A client is known only by an HMAC of its address under a key that changes every window; the counter lives
in the cache and expires with the window, so nothing links a reporter to an address after an hour.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _client_address(request: HttpRequest) -> str:
    header = settings.INTAKE_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _window_key(scope: str, request: HttpRequest, window: int) -> str:
    period = int(time.time()) // window
    secret = f"{settings.SECRET_KEY}:ratelimit:{scope}:{period}".encode()
    digest = hmac.new(secret, _client_address(request).encode(), hashlib.sha256).hexdigest()[:32]
    return f"rl:{scope}:{period}:{digest}"


def rate_limit_hit(request: HttpRequest, *, scope: str, limit: int, window: int = 3600) -> bool:
    """Count one attempt; False when the client has used up ``limit`` attempts in this window."""
    key = _window_key(scope, request, window)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def rate_limit_exceeded(request: HttpRequest, *, scope: str, limit: int, window: int = 3600) -> bool:
    """Whether the client is already over the limit, without counting an attempt."""
    count = cache.get(_window_key(scope, request, window), 0)
    return bool(count >= limit)
