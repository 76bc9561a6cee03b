"""Counters shared by every process: rate limits and "once per window" notices.

Redis (``REDIS_URL``) when configured: the cache's ``add`` then ``INCR``, both atomic. Otherwise the
database: one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` on ``core_counter`` (PostgreSQL and SQLite
both run it as one atomic statement). Django's database cache is not used for counting: its ``incr`` reads
then writes, and two workers incrementing at once lose one of the two.

Names must never contain an address or anything identifying: callers pass keyed hashes.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def _now() -> int:
    return int(time.time())


def _uses_redis() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


def counter_incr(name: str, *, ttl: int) -> int:
    """Add one to ``name`` and return the new value; a counter older than ``ttl`` seconds starts again."""
    if _uses_redis():
        return _redis_incr(name, ttl)
    return _database_incr(name, ttl)


def counter_get(name: str) -> int:
    """The counter's current value (0 when absent or expired), without counting."""
    if _uses_redis():
        return int(cache.get(_cache_key(name), 0))
    from .models import Counter

    row = Counter.objects.filter(name=name, expires_at__gt=_now()).values_list("value", flat=True).first()
    return int(row or 0)


def _cache_key(name: str) -> str:
    return f"counter:{name}"


def _redis_incr(name: str, ttl: int) -> int:
    key = _cache_key(name)
    cache.add(key, 0, timeout=ttl)
    try:
        value = int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 0, timeout=ttl)
        value = int(cache.incr(key))
    if value == 1:
        # INCR on a key that expired a moment earlier creates it without a lifetime: give it one.
        cache.touch(key, timeout=ttl)
    return value


# One statement, atomic on PostgreSQL and SQLite (3.35+): a new counter, a counter whose window has passed
# (starts again at 1), or one more.
_INCREMENT_SQL = (
    'INSERT INTO "core_counter" (name, value, expires_at) VALUES (%s, 1, %s) '
    "ON CONFLICT (name) DO UPDATE SET "
    'value = CASE WHEN "core_counter".expires_at <= %s THEN 1 ELSE "core_counter".value + 1 END, '
    'expires_at = CASE WHEN "core_counter".expires_at <= %s THEN excluded.expires_at '
    'ELSE "core_counter".expires_at END '
    "RETURNING value"
)


def _database_incr(name: str, ttl: int) -> int:
    from .models import Counter

    now = _now()
    with connection.cursor() as cursor:
        cursor.execute(_INCREMENT_SQL, [name, now + ttl, now, now])
        value = int(cursor.fetchone()[0])
    if value == 1:
        # A new window: sweep counters that expired a while ago (indexed; once per key and window).
        Counter.objects.filter(expires_at__lt=now - 60).delete()
    return value


def counters_clear() -> None:
    """Forget every counter (tests)."""
    if _uses_redis():
        client = cache._cache.get_client(None, write=True)  # type: ignore[attr-defined]
        for key in client.scan_iter(match=cache.make_key(_cache_key("*"))):
            client.delete(key)
        return
    from .models import Counter

    Counter.objects.all().delete()
