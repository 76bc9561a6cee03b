"""Signing out of every other session: the others end, this one continues with its key."""

from __future__ import annotations

import pytest
from django.test import Client

from pseahub.accounts.tests.factories import UserFactory
from pseahub.accounts.tests.helpers import (
    KEY_UNLOCKED,
    LOGIN_URL,
    LOGOUT_EVERYWHERE_URL,
    PROFILE_URL,
    authenticator,
    events,
    sign_in,
    text,
)
from pseahub.audit.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(email="traveller@example.org")


def test_it_ends_the_other_sessions_but_not_this_one(client_for, user):
    here, elsewhere = client_for(user), client_for(user)
    bystander = client_for(UserFactory(email="bystander@example.org"))

    response = here.post(LOGOUT_EVERYWHERE_URL, follow=True)

    assert "You are signed out of every other browser and device." in text(response)
    assert here.get(PROFILE_URL).status_code == 200
    response = elsewhere.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert bystander.get(PROFILE_URL).status_code == 200
    (event,) = events(Action.LOGOUT_EVERYWHERE)
    assert event.actor_id == user.pk


def test_it_keeps_the_key_of_this_session_unlocked(client, user):
    sign_in(client, user, authenticator(user))

    client.post(LOGOUT_EVERYWHERE_URL)

    assert KEY_UNLOCKED in text(client.get(PROFILE_URL))


def test_it_ends_the_others_only_on_post(client_for, user):
    here, elsewhere = client_for(user), client_for(user)

    assert here.get(LOGOUT_EVERYWHERE_URL).status_code == 405

    assert elsewhere.get(PROFILE_URL).status_code == 200
    assert not events(Action.LOGOUT_EVERYWHERE)


def test_it_needs_a_signed_in_user(user):
    response = Client().post(LOGOUT_EVERYWHERE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert not events(Action.LOGOUT_EVERYWHERE)
