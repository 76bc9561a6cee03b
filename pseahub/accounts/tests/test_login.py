"""Signing in: password, then a real TOTP code (or a single-use backup code)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.utils import timezone

from pseahub.accounts import services
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.accounts.tests.helpers import (
    CODE_ALREADY_USED,
    KEY_UNLOCKED,
    LOGOUT_URL,
    PASSWORD_URL,
    PROFILE_URL,
    SETUP_URL,
    VERIFY_URL,
    WRONG_CODE,
    WRONG_LOGIN,
    actions,
    authenticator,
    code_not_accepted_now,
    code_now,
    events,
    is_signed_in,
    password_step,
    sign_in,
    text,
)
from pseahub.audit.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(email="amina@example.org")


@pytest.fixture
def device(user):
    return authenticator(user)


def test_it_sends_a_user_with_an_authenticator_from_the_password_to_the_code(client, user, device):
    response = password_step(client, user.email)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == VERIFY_URL
    # The password alone opens nothing else.
    assert client.get(PROFILE_URL)["Location"].startswith(VERIFY_URL)
    assert not events(Action.LOGIN)


def test_it_sends_a_user_without_an_authenticator_to_enrolment(client, user):
    response = password_step(client, user.email)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == SETUP_URL


def test_it_signs_in_with_the_current_code_and_records_the_login(client, user, device):
    password_step(client, user.email)

    response = client.post(VERIFY_URL, {"token": code_now(device)})

    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get(PROFILE_URL)
    assert page.status_code == 200
    assert user.email in text(page)
    assert KEY_UNLOCKED in text(page)  # the private key was unlocked with the password
    (login,) = events(Action.LOGIN)
    assert login.actor_id == user.pk
    assert login.target_id == str(user.public_id)


def test_it_accepts_the_code_typed_with_spaces(client, user, device):
    password_step(client, user.email)
    code = code_now(device)

    client.post(VERIFY_URL, {"token": f"{code[:3]} {code[3:]}"})

    assert is_signed_in(client)


def test_it_refuses_a_wrong_code_and_records_it(client, user, device):
    password_step(client, user.email)

    response = client.post(VERIFY_URL, {"token": code_not_accepted_now(device)})

    assert response.status_code == 200
    assert WRONG_CODE in text(response)
    assert not is_signed_in(client)
    (failed,) = events(Action.OTP_FAILED)
    assert failed.actor_id == user.pk
    assert not events(Action.LOGIN)


def test_it_refuses_a_code_used_once_already(client, user, device):
    with time_machine.travel(timezone.now(), tick=False):
        code = code_now(device)
        password_step(client, user.email)
        client.post(VERIFY_URL, {"token": code})
        client.post(LOGOUT_URL)

        password_step(client, user.email)
        response = client.post(VERIFY_URL, {"token": code})

    assert CODE_ALREADY_USED in text(response)
    assert not is_signed_in(client)


def test_it_refuses_a_wrong_password(client, user, device):
    response = password_step(client, user.email, "not-the-password-at-all")

    assert response.status_code == 200
    assert WRONG_LOGIN in text(response)
    assert "_auth_user_id" not in client.session
    (failed,) = events(Action.LOGIN_FAILED)
    assert failed.target_id == str(user.public_id)
    assert failed.data == {"step": "password"}


def test_it_accepts_a_backup_code_once_only(client, user, device):
    codes = services.backup_codes_generate(user=user)

    password_step(client, user.email)
    response = client.post(VERIFY_URL, {"token": codes[0]})
    assert response.status_code == 302
    assert is_signed_in(client)
    assert actions(action__in=[Action.LOGIN, Action.BACKUP_CODE_USED]) == [Action.LOGIN, Action.BACKUP_CODE_USED]

    client.post(LOGOUT_URL)
    password_step(client, user.email)
    response = client.post(VERIFY_URL, {"token": codes[0]})

    assert WRONG_CODE in text(response)
    assert not is_signed_in(client)
    assert len(events(Action.BACKUP_CODE_USED)) == 1


def test_it_accepts_the_authenticator_right_after_a_backup_code(client, user, device):
    """A backup code is not tried as an authenticator code, so it does not trip the authenticator's throttle."""
    codes = services.backup_codes_generate(user=user)
    with time_machine.travel(timezone.now(), tick=False):
        password_step(client, user.email)
        client.post(VERIFY_URL, {"token": codes[0].upper()})
        client.post(LOGOUT_URL)

        password_step(client, user.email)
        response = client.post(VERIFY_URL, {"token": code_now(device)})

    assert response.status_code == 302
    assert is_signed_in(client)


def test_it_continues_to_the_page_asked_for_after_both_steps(client, user, device):
    response = client.get(PASSWORD_URL)
    assert response.status_code == 302
    login_url = response["Location"]
    assert parse_qs(urlsplit(login_url).query)["next"] == [PASSWORD_URL]

    response = password_step(client, user.email, next=PASSWORD_URL)
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [PASSWORD_URL]
    response = client.post(VERIFY_URL, {"token": code_now(device), "next": PASSWORD_URL})

    assert response["Location"] == PASSWORD_URL


def test_it_ignores_a_next_page_on_another_site(client, user, device):
    password_step(client, user.email, next="https://evil.example.com/")

    response = client.post(VERIFY_URL, {"token": code_now(device), "next": "https://evil.example.com/"})

    assert response["Location"] == "/"


def test_it_sends_a_signed_in_user_away_from_the_login_page(client, user, device):
    sign_in(client, user, device)

    response = client.get("/accounts/login/")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_unlocks_no_key_for_a_user_whose_key_does_not_match_the_password(client, user, device):
    """A password set behind the vault's back (manage.py changepassword) still signs in; the key stays locked."""
    user.set_password("a-new-password-set-by-hand")
    user.save()

    sign_in(client, user, device, password="a-new-password-set-by-hand")

    page = client.get(PROFILE_URL)
    assert page.status_code == 200
    assert KEY_UNLOCKED not in text(page)


def test_it_refuses_an_inactive_user_like_a_wrong_password(client, user, device):
    user.is_active = False
    user.save()

    response = password_step(client, user.email, PASSWORD)

    assert response.status_code == 200
    assert WRONG_LOGIN in text(response)
    assert "_auth_user_id" not in client.session
