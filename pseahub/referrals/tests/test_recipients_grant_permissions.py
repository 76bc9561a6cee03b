"""Who may give recipients access to open referrals (``POST /referrals/access/grant/``) and see them listed on
``/cases/keys/``: coordinators only. Anyone else signed in gets 403 (the keys page's convention), anonymous
visitors go to the login page, GET is not allowed, and nothing is granted."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action
from pseahub.cases.tests.helpers import user_with_role
from pseahub.network.services import focal_point_create
from pseahub.vault.models import KeyGrant

from .helpers import events, refer, sea_complaint, sign_in, text

URL = "/referrals/access/grant/"
NOT_COORDINATORS = ["focal_point_a", "focal_point_b", "provider", "operator", "analyst", "admin", "no_role"]


@pytest.fixture
def newcomer(personas):
    """A focal point of org A added after the referral was sent: no grant on it yet."""
    refer(personas, sea_complaint(personas), summary="Heron-Summary-7702")
    user = UserFactory(email="fp.new@example.org")
    focal_point_create(actor=personas.admin, organisation=personas.org_a, name="New Focal", user=user)
    return user


def nothing_granted(newcomer) -> bool:
    return not KeyGrant.objects.filter(user=newcomer).exists() and not events(Action.KEY_GRANTED)


@pytest.mark.django_db
def test_anonymous_goes_to_the_login_page(newcomer, client):
    response = client.post(URL)

    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert nothing_granted(newcomer)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_COORDINATORS)
def test_everyone_but_a_coordinator_gets_403(personas, newcomer, client_for, persona):
    client = client_for(getattr(personas, persona))

    assert client.post(URL).status_code == 403
    assert client.get("/cases/keys/").status_code == 403
    assert nothing_granted(newcomer)


@pytest.mark.django_db
def test_the_waiting_focal_point_cannot_grant_themselves(newcomer):
    client = sign_in(newcomer)  # key unlocked: still not allowed

    assert client.post(URL).status_code == 403
    assert nothing_granted(newcomer)


@pytest.mark.django_db
def test_a_coordinator_without_the_referral_sees_and_grants_nothing(personas, newcomer):
    latecomer = user_with_role("coordinator3@example.org", Role.COORDINATOR)  # no grant on the complaint
    client = sign_in(latecomer)

    page = text(client.get("/cases/keys/"))
    response = client.post(URL, follow=True)

    assert newcomer.display_name not in page and "Every recipient can open the open referrals." in page
    assert "Access given to 0 person(s) on 0 referral(s)" in text(response)
    assert nothing_granted(newcomer)


@pytest.mark.django_db
def test_get_is_not_allowed(personas, newcomer, client_for):
    assert client_for(personas.coordinator).get(URL).status_code == 405
    assert nothing_granted(newcomer)
