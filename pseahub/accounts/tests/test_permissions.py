"""Who may open what: every accounts page needs a signed-in user; the admin site needs a verified network admin."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.accounts.tests.helpers import (
    BACKUP_CODES_URL,
    LOGIN_URL,
    LOGOUT_EVERYWHERE_URL,
    LOGOUT_URL,
    PASSWORD_URL,
    PROFILE_URL,
    SETUP_URL,
    VERIFY_URL,
    authenticator,
    code_now,
    password_step,
    text,
)

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [PROFILE_URL, PASSWORD_URL, VERIFY_URL, SETUP_URL, BACKUP_CODES_URL, LOGOUT_EVERYWHERE_URL]
NON_ADMINS = ["coordinator", "focal_point_a", "focal_point_b", "provider", "operator", "analyst", "no_role"]
ADMIN_PAGES = ["/admin/", "/admin/accounts/user/", "/admin/audit/auditevent/", "/admin/network/organisation/"]
ADMIN_TITLE = "Site administration"


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_anonymous_visitors_to_the_login_page(client, path, method):
    response = getattr(client, method)(path)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == LOGIN_URL
    assert parse_qs(location.query)["next"] == [path]


def test_it_shows_the_login_page_to_anyone(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert "Staff login" in text(response)


def test_it_lets_anyone_post_to_logout_but_never_get_it(client):
    assert client.get(LOGOUT_URL).status_code == 405
    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("path", [PROFILE_URL, PASSWORD_URL])
def test_it_shows_own_pages_to_every_signed_in_user(personas, client_for, path):
    for name in [*NON_ADMINS, "admin"]:
        user = getattr(personas, name)
        response = client_for(user).get(path)
        assert response.status_code == 200, name


def test_it_shows_each_user_their_own_roles_only(personas, client_for):
    page = text(client_for(personas.focal_point_a).get(PROFILE_URL))

    assert "Focal point (Alpha Relief (ALPHA))" in page
    assert "Beta Aid" not in page
    assert personas.focal_point_b.email not in page


@pytest.mark.parametrize("name", NON_ADMINS)
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_it_keeps_every_other_role_out_of_the_admin(personas, client_for, name, path):
    client = client_for(getattr(personas, name))

    response = client.get(path, follow=True)  # a redirect loop would raise here

    assert response.redirect_chain, "expected to be sent away"
    final_path = urlsplit(response.redirect_chain[-1][0]).path
    assert not final_path.startswith("/admin/")
    assert ADMIN_TITLE not in text(response)
    assert response.status_code in (200, 403, 404)


@pytest.mark.parametrize("name", NON_ADMINS)
def test_it_keeps_every_other_role_out_of_a_user_record(personas, client_for, name):
    target = personas.coordinator if name != "coordinator" else personas.analyst
    response = client_for(getattr(personas, name)).get(f"/admin/accounts/user/{target.pk}/change/")

    assert response.status_code in (302, 403, 404)
    assert target.email not in text(response)


def test_it_keeps_a_superuser_without_the_admin_role_out(client_for):
    superuser = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)

    response = client_for(superuser).get("/admin/", follow=True)

    assert ADMIN_TITLE not in text(response)


def test_it_opens_the_admin_to_a_network_admin_who_passed_the_second_factor(personas, client_for):
    client = client_for(personas.admin)

    for path in ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
    assert ADMIN_TITLE in text(client.get("/admin/"))


def test_it_sends_a_network_admin_who_only_gave_the_password_to_the_code(personas, client):
    authenticator(personas.admin)
    password_step(client, personas.admin.email)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == VERIFY_URL


def test_it_sends_an_anonymous_visitor_from_the_admin_to_our_login_and_then_into_the_admin(personas, client):
    device = authenticator(personas.admin)

    response = client.get("/admin/", follow=True)
    assert urlsplit(response.redirect_chain[-1][0]).path == LOGIN_URL
    assert "Staff login" in text(response)

    login_next = parse_qs(urlsplit(response.redirect_chain[-1][0]).query)["next"][0]
    response = password_step(client, personas.admin.email, next=login_next)
    verify_next = parse_qs(urlsplit(response["Location"]).query)["next"][0]
    response = client.post(VERIFY_URL, {"token": code_now(device), "next": verify_next}, follow=True)

    assert urlsplit(response.redirect_chain[-1][0]).path == "/admin/"
    assert ADMIN_TITLE in text(response)


@pytest.mark.parametrize("path", ["/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"])
def test_it_shows_second_factor_secrets_to_nobody_in_the_admin(personas, client_for, path):
    superadmin = UserFactory(email="super.admin@example.org", is_superuser=True)
    role_grant(actor=None, user=superadmin, role=Role.NETWORK_ADMIN)
    for user in (personas.admin, superadmin):
        client = client_for(user)
        assert client.get(path).status_code == 403
        index = text(client.get("/admin/"))
        assert "otp_totp" not in index and "otp_static" not in index


def test_it_sends_the_admin_password_change_to_ours(personas, client_for):
    response = client_for(personas.admin).get("/admin/password_change/")

    assert response.status_code == 302
    assert response["Location"] == PASSWORD_URL


def test_it_never_leaves_a_visitor_in_a_redirect_loop_from_the_admin_login_page(personas, client_for):
    response = client_for(personas.no_role).get("/admin/login/?next=/admin/", follow=True)

    assert response.status_code == 200
    assert urlsplit(response.redirect_chain[-1][0]).path == "/"


def test_it_keeps_anonymous_visitors_out_of_the_admin(client):
    response = Client().get("/admin/accounts/user/", follow=True)

    assert ADMIN_TITLE not in text(response)
    assert urlsplit(response.redirect_chain[-1][0]).path == LOGIN_URL
