"""manage.py load_demo, run twice on an empty database (once for the module: the full demo is slow to load):
the second run adds nothing, and the audit chain the two leave is intact and names no one."""

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.models import RoleAssignment, User
from pseahub.audit.models import AuditEvent
from pseahub.audit.services import chain_verify
from pseahub.core.tests.module_data import module_transaction
from pseahub.network.demo import CONTACT_FOCAL_POINTS, DEMO_USERS
from pseahub.network.models import Area, FocalPoint, NetworkSettings, Organisation

pytestmark = pytest.mark.django_db


def _load_command() -> str:
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = [Organisation, FocalPoint, User, RoleAssignment, Area, TOTPDevice, NetworkSettings, AuditEvent]
    return {model.__name__: model.objects.count() for model in models}


@dataclass
class LoadedTwice:
    first: str
    second: str
    counts_after_first: dict[str, int]


@pytest.fixture(scope="module")
def twice(django_db_setup: None, django_db_blocker: Any) -> Iterator[LoadedTwice]:
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            first = _load_command()
            counts = _counts()
            second = _load_command()
        yield LoadedTwice(first, second, counts)


def test_it_is_idempotent(twice: LoadedTwice):
    first, second = twice.first, twice.second

    assert _counts() == twice.counts_after_first
    assert "Demo network ready (17 organisations, 21 focal_points, 18 users, 64 areas" in first
    assert "3 channels, 400 complaints, " in first
    assert "12 country_returns" in first
    referrals = re.search(r"(\d+) referrals\b", first)
    assert referrals and 120 <= int(referrals.group(1)) <= 220  # the allegations of two years, and assistance
    assert "Demo network ready (0 organisations, 0 focal_points, 0 users, 0 areas" in second
    assert "0 complaints, 0 referrals" in second and "0 member_returns" in second and "0 country_returns" in second
    # Every app's loader reports; the second run adds nothing anywhere (the summary months are rebuilt, not added).
    added = dict((what, int(n)) for n, what in re.findall(r"(\d+) ([a-z_ ]+?)(?=,| added)", second))
    assert {"documents", "meetings", "plan", "assessments", "trainings", "surveys", "funding"} <= set(added)
    assert {what: n for what, n in added.items() if n and what != "summarised months"} == {}
    assert Organisation.objects.values("name").distinct().count() == Organisation.objects.count()
    assert FocalPoint.objects.values("organisation", "name").distinct().count() == FocalPoint.objects.count()


def test_it_leaves_an_intact_audit_chain_without_identifying_data(twice: LoadedTwice):
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "chain verified" in out.getvalue()
    assert chain_verify() is None
    logged = json.dumps(list(AuditEvent.objects.values_list("target_id", "data")), ensure_ascii=False).lower()
    people = [(demo.full_name, demo.email) for demo in DEMO_USERS]
    people += [(name, phone) for _acronym, name, _title, phone, _languages in CONTACT_FOCAL_POINTS]
    for name, contact in people:
        assert name.lower() not in logged
        assert contact.lower() not in logged
