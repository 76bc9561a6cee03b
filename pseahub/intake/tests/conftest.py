"""Fixtures for the intake tests (see ``pseahub.cases.tests.conftest``): an empty cache for every test, since
rate-limit counters live there, and ``unlocked_client_for(user)`` signed in through the real login."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from pseahub.accounts.models import User
from pseahub.cases.tests.helpers import sign_in_unlocked


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unlocked_client_for(db: None) -> Callable[[User], Client]:
    return sign_in_unlocked

