"""Fixtures of the import tests: the messy tracker's areas, and clients signed in for real (key unlocked)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from pseahub.accounts.models import User
from pseahub.cases.tests.helpers import sign_in_unlocked
from pseahub.network.tests.factories import AreaFactory


@pytest.fixture
def unlocked_client_for(db: None) -> Callable[[User], Client]:
    return sign_in_unlocked


@pytest.fixture
def areas(db: None) -> dict[str, object]:
    return {
        "segou": AreaFactory(pcode="ML04", name="Segou", name_local="Ségou", admin_level=1),
        "mopti": AreaFactory(pcode="ML05", name="Mopti", admin_level=1),
    }
