"""Signing out: by POST only; it ends the session and forgets the session's private key."""

from __future__ import annotations

import pytest
from django.conf import settings

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.accounts.tests.helpers import LOGOUT_URL, PROFILE_URL, authenticator, events, is_signed_in, sign_in, text
from pseahub.audit.models import Action
from pseahub.vault.session import SESSION_FIELD

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(email="leaver@example.org")


def test_it_signs_out_records_it_and_forgets_the_key(client, user):
    sign_in(client, user, authenticator(user))
    assert client.cookies[settings.VAULT_COOKIE_NAME].value

    response = client.post(LOGOUT_URL, follow=True)

    assert "You are signed out." in text(response)
    assert not is_signed_in(client)
    assert SESSION_FIELD not in client.session
    assert client.cookies[settings.VAULT_COOKIE_NAME].value == ""  # deleted by the response
    (logout,) = events(Action.LOGOUT)
    assert logout.actor_id == user.pk


def test_it_does_not_sign_out_on_get(client_for, user):
    client = client_for(user)

    response = client.get(LOGOUT_URL)

    assert response.status_code == 405
    assert client.get(PROFILE_URL).status_code == 200
    assert not events(Action.LOGOUT)


def test_it_signs_out_from_the_admin_the_same_way(client_for):
    admin_user = UserFactory(email="admin.leaver@example.org")
    role_grant(actor=None, user=admin_user, role=Role.NETWORK_ADMIN)
    client = client_for(admin_user)

    response = client.post("/admin/logout/")

    assert response.status_code == 302
    assert not is_signed_in(client)
    assert len(events(Action.LOGOUT, actor=admin_user)) == 1
