"""The profile page: own details, roles and key status; saving records which fields changed."""

from __future__ import annotations

import pytest

from pseahub.accounts.tests.factories import UserFactory
from pseahub.accounts.tests.helpers import KEY_LOCKED, PROFILE_URL, events, text
from pseahub.audit.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(email="profile@example.org", full_name="Old Name", language="en")


def test_it_saves_own_details_and_records_the_fields_not_the_values(client_for, user):
    client = client_for(user)

    response = client.post(PROFILE_URL, {"full_name": "Mariam Keïta", "language": "fr"}, follow=True)

    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Mariam Keïta", "fr")
    assert response.redirect_chain[-1][0] == PROFILE_URL
    (updated,) = events(Action.USER_UPDATED)
    assert updated.actor_id == user.pk
    assert updated.data == {"fields": ["full_name", "language"]}


def test_it_records_nothing_when_nothing_changed(client_for, user):
    client_for(user).post(PROFILE_URL, {"full_name": "Old Name", "language": "en"})

    assert not events(Action.USER_UPDATED)


def test_it_refuses_a_language_we_do_not_offer(client_for, user):
    response = client_for(user).post(PROFILE_URL, {"full_name": "Old Name", "language": "de"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.language == "en"
    assert not events(Action.USER_UPDATED)


def test_it_says_the_key_is_locked_when_the_session_never_unlocked_it(client_for, user):
    # client_for signs in without the password step, so nothing unlocked the key.
    page = text(client_for(user).get(PROFILE_URL))

    assert KEY_LOCKED in page
    assert "0 backup codes left." in page
