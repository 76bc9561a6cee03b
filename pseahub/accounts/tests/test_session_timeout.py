"""Idle timeout: a session lives SESSION_COOKIE_AGE after the last request, and its cookies die with the browser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session

from pseahub.accounts.tests.factories import UserFactory
from pseahub.accounts.tests.helpers import LOGIN_URL, PROFILE_URL, authenticator, sign_in

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AGE = timedelta(seconds=settings.SESSION_COOKIE_AGE)


@pytest.fixture
def user():
    return UserFactory(email="idle@example.org")


def test_it_sets_a_thirty_minute_idle_timeout_by_default():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_it_stores_the_session_until_the_idle_timeout(client, user):
    with time_machine.travel(START, tick=False):
        sign_in(client, user, authenticator(user))

        session = Session.objects.get(session_key=client.session.session_key)
        assert session.expire_date == START + AGE
        assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_it_gives_the_browser_only_session_cookies(client, user):
    sign_in(client, user, authenticator(user))

    for name in (settings.SESSION_COOKIE_NAME, settings.VAULT_COOKIE_NAME):
        cookie = client.cookies[name]
        assert cookie["max-age"] == "" and cookie["expires"] == "", name
        assert cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name


def test_it_ends_a_session_left_idle_past_the_timeout(client, user):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, user, authenticator(user))
        assert client.get(PROFILE_URL).status_code == 200

        clock.move_to(START + AGE + timedelta(seconds=1))
        response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_it_keeps_an_active_session_alive(client, user):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, user, authenticator(user))

        for step in range(1, 4):  # three requests, each just inside the timeout after the one before
            clock.move_to(START + step * (AGE - timedelta(minutes=1)))
            assert client.get(PROFILE_URL).status_code == 200, step

        session = Session.objects.get(session_key=client.session.session_key)
        assert session.expire_date == START + 3 * (AGE - timedelta(minutes=1)) + AGE
