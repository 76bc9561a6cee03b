"""Fixtures for the case-record tests. ``unlocked_client_for(user)`` signs in through the real login, so the
user's private key is unlocked for the session (``client_for`` from the root conftest passes 2FA but leaves
the key locked)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from pseahub.accounts.models import User

from .helpers import sign_in_unlocked


@pytest.fixture
def unlocked_client_for(db: None) -> Callable[[User], Client]:
    return sign_in_unlocked
