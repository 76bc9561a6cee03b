"""Who may give a coordinator access (POST /cases/keys/coordinators/): only a coordinator signed in with the
second factor. Everyone else is refused and nothing is granted: 403 for every other role, the login page for
anonymous visitors, the code page for a coordinator who gave only the password; GET is not allowed."""

from __future__ import annotations

import pytest
from django.test import Client

from pseahub.accounts.models import Role
from pseahub.accounts.tests.factories import PASSWORD
from pseahub.vault.models import KeyGrant

from .helpers import file_complaint, user_with_role

URL = "/cases/keys/coordinators/"
NOT_COORDINATORS = ["focal_point_a", "focal_point_b", "provider", "operator", "analyst", "admin", "no_role"]


@pytest.fixture
def newcomer(personas):
    file_complaint()  # one the coordinator could give
    return user_with_role("newcomer@example.org", Role.COORDINATOR)


def nothing_granted(user) -> bool:
    return not KeyGrant.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_anonymous_goes_to_the_login_page(newcomer, client):
    response = client.post(URL, {"user": str(newcomer.public_id)})

    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert nothing_granted(newcomer)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_COORDINATORS)
def test_everyone_but_a_coordinator_gets_403(personas, newcomer, client_for, persona):
    response = client_for(getattr(personas, persona)).post(URL, {"user": str(newcomer.public_id)})

    assert response.status_code == 403
    assert nothing_granted(newcomer)


@pytest.mark.django_db
def test_a_coordinator_without_the_second_factor_is_sent_to_the_code_page(personas, newcomer):
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": personas.coordinator.email, "password": PASSWORD}).status_code
        == 302
    )

    response = client.post(URL, {"user": str(newcomer.public_id)})

    assert response.status_code == 302 and response.url.startswith("/accounts/two-factor/")
    assert nothing_granted(newcomer)


@pytest.mark.django_db
def test_the_newcomer_cannot_grant_themselves(personas, newcomer, unlocked_client_for):
    response = unlocked_client_for(newcomer).post(URL, {"user": str(newcomer.public_id)}, follow=True)

    assert "You already have access." in response.content.decode()
    assert nothing_granted(newcomer)


@pytest.mark.django_db
def test_get_is_not_allowed(personas, newcomer, client_for):
    assert client_for(personas.coordinator).get(URL).status_code == 405
    assert nothing_granted(newcomer)
