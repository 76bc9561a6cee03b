"""Rate-limit counters are shared by every process and counted atomically: in the database by default
(core_counter, one INSERT … ON CONFLICT … RETURNING), in Redis when REDIS_URL is set. Several processes
counting at once get every value exactly once: no lost update, no limit multiplied by the number of workers."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from pseahub.core.counters import counter_get, counter_incr

REDIS_URL = os.environ.get("PSEAHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WORKERS = 3
EACH = 40
BASE_DIR = Path(django_settings.BASE_DIR)


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


def _run_workers(name: str, env: dict[str, str]) -> list[int]:
    """WORKERS processes counting ``name`` EACH times, all starting at the same moment; every value they got."""
    start_at = time.time() + 4  # time for every worker to import Django
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env}
    workers = [
        subprocess.Popen(  # noqa: S603  (our own module, fixed arguments)
            [sys.executable, "-m", "pseahub.core.tests.counter_worker", name, str(EACH), str(start_at)],
            cwd=BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _i in range(WORKERS)
    ]
    values: list[int] = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err[-2000:]
        values += json.loads(out.strip().splitlines()[-1])
    return values


def _database_url_for_workers(tmp_path: Path) -> str:
    """The workers' database: the test database itself on PostgreSQL; on SQLite (an in-memory test database
    that another process cannot open) a file with the counter table as the migration makes it."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    path = tmp_path / "counters.sqlite3"
    with sqlite3.connect(path) as setup:
        # WAL already, as a migrated database is: several processes switching a fresh file to WAL at the same
        # moment (the settings' init_command) can get "database is locked" at once, without the busy timeout.
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute(
            'CREATE TABLE "core_counter" ("name" varchar(200) NOT NULL PRIMARY KEY, "value" bigint NOT NULL, '
            '"expires_at" bigint NOT NULL)'
        )
    return f"sqlite:///{path}"


def test_the_test_settings_use_the_shared_database_cache_not_process_memory():
    assert isinstance(caches["default"], DatabaseCache)


@pytest.mark.django_db(transaction=True)
def test_separate_processes_share_one_database_counter_and_lose_no_update(tmp_path):
    name = f"test:{uuid.uuid4().hex}"
    url = _database_url_for_workers(tmp_path)

    values = _run_workers(name, {"DATABASE_URL": url, "REDIS_URL": ""})

    assert sorted(values) == list(range(1, WORKERS * EACH + 1))
    if connection.vendor == "postgresql":
        assert counter_get(name) == WORKERS * EACH


@pytest.mark.skipif(not _redis_available(), reason=f"no Redis at {REDIS_URL}")
def test_separate_processes_share_one_redis_counter_and_lose_no_update(tmp_path):
    name = f"test:{uuid.uuid4().hex}"

    values = _run_workers(name, {"REDIS_URL": REDIS_URL, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"})

    assert sorted(values) == list(range(1, WORKERS * EACH + 1))


@pytest.fixture
def redis_store(settings):
    if not _redis_available():
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.REDIS_URL = REDIS_URL
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    return caches["default"]


def test_with_redis_url_the_counter_lives_in_redis_where_another_connection_sees_it(redis_store):
    from django.core.cache.backends.redis import RedisCache

    name = f"test:{uuid.uuid4().hex}"
    counter_incr(name, ttl=60)
    counter_incr(name, ttl=60)
    other = RedisCache(REDIS_URL, {})  # a second, independent connection

    assert other.get(f"counter:{name}") == 2
    assert 55 <= other._cache.get_client().ttl(other.make_key(f"counter:{name}")) <= 60


@pytest.mark.parametrize("store", ["database", "redis"])
def test_a_counter_starts_again_once_its_window_has_passed(request, store):
    if store == "redis":
        request.getfixturevalue("redis_store")
    else:
        request.getfixturevalue("db")
    name = f"test:{uuid.uuid4().hex}"
    for _i in range(3):
        counter_incr(name, ttl=60)
    assert counter_get(name) == 3

    if store == "redis":
        caches["default"]._cache.get_client().expire(caches["default"].make_key(f"counter:{name}"), 1)
        time.sleep(1.1)
        assert counter_get(name) == 0
        assert counter_incr(name, ttl=60) == 1
        return
    with time_machine.travel(time.time() + 61):
        assert counter_get(name) == 0
        assert counter_incr(name, ttl=60) == 1
        assert counter_incr(name, ttl=60) == 2
