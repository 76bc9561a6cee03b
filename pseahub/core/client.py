"""The client's address, as the one place that knows about our reverse proxies (``TRUSTED_PROXY_HOPS``).

Every proxy appends the address it received the request from to ``X-Forwarded-For``; whatever a client sends
in that header comes before. With N proxies of ours in front, the N-th value from the right is the address
the outermost of them saw: the client. Any value further left is the client's own writing and is never used.
The address is only ever used as a keyed hash (rate limits, lockout), never stored.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest

from .secrets import integrity_subkey


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent ``request``, past our trusted proxies."""
    hops = max(0, int(settings.TRUSTED_PROXY_HOPS))
    if hops:
        values = [value.strip() for value in request.META.get(settings.TRUSTED_PROXY_HEADER, "").split(",")]
        values = [value for value in values if value]
        if values:
            # Fewer values than hops: every one present was appended by one of our proxies; take the farthest.
            return values[max(0, len(values) - hops)]
    return str(request.META.get("REMOTE_ADDR", ""))


def client_digest(request: HttpRequest, *, purpose: str) -> bytes:
    """A keyed hash of the client's address for one purpose: the same client gives the same value, and
    nobody without ``INTEGRITY_KEY`` can tell which address it stands for."""
    key = integrity_subkey(f"client-{purpose}")
    return hmac.new(key, client_address(request).encode(), hashlib.sha256).digest()
