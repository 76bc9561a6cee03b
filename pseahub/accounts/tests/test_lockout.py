"""Too many wrong passwords lock the account name (django-axes); nothing tells whether the account exists."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.accounts.tests.helpers import WRONG_LOGIN, events, password_step, text
from pseahub.audit.models import Action, AuditEvent
from pseahub.audit.services import failure_windows_flush

pytestmark = pytest.mark.django_db

KNOWN = "known.person@example.org"
UNKNOWN = "nobody.here@example.org"
WRONG = "wrong-password-guess-1"
LOCKED = "Too many failed attempts. For your protection this account is locked for 15 minutes."
LIMIT = settings.LOGIN_FAILURES_PER_CLIENT


@pytest.fixture
def user():
    return UserFactory(email=KNOWN)


def test_it_uses_a_limit_of_five_failures():
    assert LIMIT == 5
    assert settings.AXES_COOLOFF_TIME * 60 == 15


def test_it_locks_the_account_after_five_wrong_passwords_even_for_the_right_one(client, user):
    for attempt in range(1, LIMIT):
        response = password_step(client, KNOWN, WRONG)
        assert response.status_code == 200, attempt
        assert WRONG_LOGIN in text(response)

    response = password_step(client, KNOWN, WRONG)  # the fifth
    assert response.status_code == 429
    assert LOCKED in text(response)

    response = password_step(client, KNOWN, PASSWORD)
    assert response.status_code == 429
    assert LOCKED in text(response)
    assert "_auth_user_id" not in client.session


def test_it_counts_failures_from_different_browsers_together(user):
    for attempt in range(LIMIT):
        password_step(Client(HTTP_USER_AGENT=f"browser {attempt}"), KNOWN, WRONG)

    response = password_step(Client(HTTP_USER_AGENT="yet another"), KNOWN, PASSWORD)

    assert response.status_code == 429


def test_it_counts_the_address_in_any_letter_case_as_one_account(client, user):
    for attempt in range(LIMIT):
        password_step(client, KNOWN.upper() if attempt % 2 else KNOWN, WRONG)

    assert password_step(client, KNOWN, PASSWORD).status_code == 429


def test_it_locks_only_the_account_concerned(client, user):
    other = UserFactory(email="other.person@example.org")
    for _attempt in range(LIMIT):
        password_step(client, KNOWN, WRONG)

    response = password_step(Client(), other.email, PASSWORD)

    assert response.status_code == 302


def test_it_lets_the_user_in_after_the_cool_off(client, user):
    for _attempt in range(LIMIT):
        password_step(client, KNOWN, WRONG)

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = password_step(client, KNOWN, PASSWORD)

    assert response.status_code == 302


def test_it_forgets_earlier_failures_after_a_good_password(client, user):
    for _attempt in range(LIMIT - 1):
        password_step(client, KNOWN, WRONG)
    password_step(Client(), KNOWN, PASSWORD)

    for _attempt in range(LIMIT - 1):
        response = password_step(client, KNOWN, WRONG)

    assert response.status_code == 200


def _comparable(response, email: str) -> str:
    """The page without what legitimately differs: the typed address and the CSRF token."""
    page = text(response).replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', page)


def test_it_answers_an_unknown_address_exactly_like_a_known_one_at_each_step(user):
    known, unknown = Client(), Client()
    for attempt in range(1, LIMIT + 3):
        password = PASSWORD if attempt == LIMIT + 2 else WRONG  # the last try uses the right password
        to_known = password_step(known, KNOWN, password)
        to_unknown = password_step(unknown, UNKNOWN, password)

        assert to_known.status_code == to_unknown.status_code, attempt
        assert _comparable(to_known, KNOWN) == _comparable(to_unknown, UNKNOWN), attempt
        assert sorted(to_known.cookies) == sorted(to_unknown.cookies), attempt
        expected = LOCKED if attempt >= LIMIT else WRONG_LOGIN
        assert expected in text(to_known), attempt


def test_it_records_failures_and_lockouts_without_the_address_or_password(user):
    for _attempt in range(LIMIT):
        password_step(Client(), KNOWN, WRONG)
        password_step(Client(), UNKNOWN, WRONG)
    password_step(Client(), KNOWN, PASSWORD)
    password_step(Client(), UNKNOWN, PASSWORD)
    failure_windows_flush(now=timezone.now() + timedelta(seconds=settings.AUDIT_FAILURE_WINDOW_SECONDS))

    failed = events(Action.LOGIN_FAILED)
    locked = events(Action.LOGIN_LOCKED_OUT)
    # Every wrong password is recorded, the fifth too; then the lockout, and each refused try after it. For the
    # unknown address, each kind is one entry with its count (audit.services.failure_count).
    assert [event.target_id for event in failed].count(str(user.public_id)) == LIMIT
    assert [event.data.get("count") for event in failed if event.target_id == ""] == [LIMIT]
    assert [event.target_id for event in locked].count(str(user.public_id)) == 2
    assert [event.data.get("count") for event in locked if event.target_id == ""] == [2]
    for event in AuditEvent.objects.all():
        stored = json.dumps(event.data).lower() + event.target_id + event.target_type
        for secret in (KNOWN, UNKNOWN, "known.person", "nobody.here", WRONG, PASSWORD):
            assert secret not in stored, (event.action, stored)
    assert not events(Action.LOGIN)
