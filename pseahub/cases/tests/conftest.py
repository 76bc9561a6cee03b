"""Fixtures for the case-record tests. ``unlocked_client_for(user)`` signs in through the real login, so the
user's private key is unlocked for the session (``client_for`` from the root conftest passes 2FA but leaves
the key locked)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from pseahub.accounts.models import User

from .helpers import sign_in_unlocked


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    # Rate-limit counters live in the (process-wide) cache: without this one test's requests count in the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unlocked_client_for(db: None) -> Callable[[User], Client]:
    return sign_in_unlocked
