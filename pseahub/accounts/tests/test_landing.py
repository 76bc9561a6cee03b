"""After both sign-in steps each role lands on its work page; a safe ``next`` still wins; the home stays public."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.helpers import (
    LOGIN_URL,
    PASSWORD_URL,
    SETUP_URL,
    VERIFY_URL,
    authenticator,
    code_now,
    key_from_setup_page,
    password_step,
    text,
)

pytestmark = pytest.mark.django_db

INSIGHTS = "/insights/"
INBOX = "/cases/inbox/"
REFERRALS = "/referrals/"
OPERATOR_INTAKE = "/intake/operator/"
ADMIN = "/admin/"
HOME = "/"


def _two_steps(client: Client, user, **extra: str):
    """Both steps through the real pages; the response of the second (a redirect)."""
    device = authenticator(user)
    response = password_step(client, user.email, **extra)
    assert urlsplit(response["Location"]).path == VERIFY_URL
    nxt = parse_qs(urlsplit(response["Location"]).query).get("next", [""])[0]
    return client.post(VERIFY_URL, {"token": code_now(device), "next": nxt})


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("coordinator", INBOX),
        ("focal_point_a", REFERRALS),
        ("provider", REFERRALS),
        ("operator", OPERATOR_INTAKE),
        ("admin", ADMIN),
        ("analyst", INSIGHTS),
        ("leadership", INSIGHTS),
        ("co_chair", "/network/"),
        ("donor", "/insights/donor/"),
        ("no_role", HOME),
    ],
)
def test_each_role_lands_on_its_work_page_and_it_opens(personas, persona, page):
    client = Client()

    response = _two_steps(client, getattr(personas, persona))

    assert response.status_code == 302
    assert response["Location"] == page
    assert client.get(page).status_code == 200


def test_a_user_with_several_roles_lands_on_the_first_in_order(personas):
    role_grant(actor=None, user=personas.operator, role=Role.NETWORK_ADMIN)
    role_grant(actor=None, user=personas.operator, role=Role.FOCAL_POINT, organisation=personas.org_a)

    response = _two_steps(Client(), personas.operator)

    assert response["Location"] == REFERRALS


def test_a_safe_next_still_wins(personas):
    response = _two_steps(Client(), personas.coordinator, next=PASSWORD_URL)

    assert response["Location"] == PASSWORD_URL


def test_a_next_on_another_site_is_ignored_for_the_work_page(personas):
    response = _two_steps(Client(), personas.coordinator, next="https://evil.example.com/")

    assert response["Location"] == INBOX


def test_a_user_enrolling_at_first_sign_in_continues_to_their_work_page(personas):
    from django_otp.oath import TOTP

    client = Client()
    response = password_step(client, personas.coordinator.email)
    assert urlsplit(response["Location"]).path == SETUP_URL
    key = key_from_setup_page(text(client.get(SETUP_URL)))

    response = client.post(SETUP_URL, {"token": f"{TOTP(key).token():06d}"})

    assert f'href="{INBOX}"' in text(response)


def test_a_signed_in_user_sent_to_the_login_page_goes_to_their_work_page(personas):
    client = Client()
    _two_steps(client, personas.focal_point_a)

    response = client.get(LOGIN_URL)

    assert response["Location"] == REFERRALS


def test_the_home_page_stays_public(personas):
    client = Client()
    assert client.get(HOME).status_code == 200
    _two_steps(client, personas.coordinator)

    assert client.get(HOME).status_code == 200  # not redirected: the header links to the work pages
