"""The staff's language is chosen once and kept: the sign-in page follows the browser (or the header's switch);
from the password step on, the user's own preference applies on every page; switching from the header when
signed in changes that preference (audited), after the second step."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from pseahub.accounts.tests.factories import UserFactory
from pseahub.accounts.tests.helpers import (
    LOGIN_URL,
    PROFILE_URL,
    VERIFY_URL,
    authenticator,
    code_now,
    events,
    password_step,
    text,
)
from pseahub.audit.models import Action

pytestmark = pytest.mark.django_db

SWITCH_URL = "/i18n/setlang/"


@pytest.fixture
def user():
    return UserFactory(email="awa@example.org", language="fr")


def _lang(response) -> str:
    page = text(response)
    start = page.index('<html lang="') + len('<html lang="')
    return page[start : page.index('"', start)]


def test_the_sign_in_page_follows_the_browser():
    assert _lang(Client(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").get(LOGIN_URL)) == "fr"
    assert _lang(Client(HTTP_ACCEPT_LANGUAGE="ar").get(LOGIN_URL)) == "ar"
    assert _lang(Client(HTTP_ACCEPT_LANGUAGE="en-GB").get(LOGIN_URL)) == "en"


def test_the_sign_in_page_follows_the_language_a_visitor_picked_from_the_header():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(SWITCH_URL, {"language": "ar", "next": LOGIN_URL})

    assert response.status_code == 302 and response["Location"] == LOGIN_URL
    page = client.get(LOGIN_URL)
    assert _lang(page) == "ar"
    assert 'dir="rtl"' in text(page)


def test_the_second_step_page_is_in_the_users_language_not_the_browsers(user):
    authenticator(user)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(SWITCH_URL, {"language": "en", "next": LOGIN_URL})  # even a language picked before signing in

    response = password_step(client, user.email)

    assert response["Location"].startswith(VERIFY_URL)
    assert _lang(client.get(response["Location"])) == "fr"


def test_every_staff_page_is_in_the_users_language_whatever_the_browser_or_its_cookie(user, client_for):
    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    for url in ("/", PROFILE_URL, "/accounts/password/"):
        assert _lang(client.get(url)) == "fr", url


def test_switching_when_signed_in_keeps_the_choice_in_the_profile_and_audits_it(user, client_for):
    client = client_for(user)

    response = client.post(SWITCH_URL, {"language": "ar", "next": PROFILE_URL})

    assert response.status_code == 302 and response["Location"] == PROFILE_URL
    user.refresh_from_db()
    assert user.language == "ar"
    page = client.get(PROFILE_URL)
    assert _lang(page) == "ar" and 'dir="rtl"' in text(page)
    (updated,) = events(Action.USER_UPDATED)
    assert updated.actor_id == user.pk
    assert updated.data == {"fields": ["language"]}


def test_the_kept_language_applies_on_another_device(user, client_for):
    client_for(user).post(SWITCH_URL, {"language": "ar", "next": "/"})

    other = client_for(user)  # a new browser: no cookie of the first one
    other.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    assert _lang(other.get(PROFILE_URL)) == "ar"


def test_switching_to_the_same_language_records_nothing(user, client_for):
    client_for(user).post(SWITCH_URL, {"language": "fr", "next": "/"})

    assert not events(Action.USER_UPDATED)


def test_a_language_not_offered_changes_nothing(user, client_for):
    client = client_for(user)

    client.post(SWITCH_URL, {"language": "de", "next": "/"})

    user.refresh_from_db()
    assert user.language == "fr"
    assert _lang(client.get(PROFILE_URL)) == "fr"
    assert not events(Action.USER_UPDATED)


def test_before_the_second_step_a_switch_applies_at_once_but_is_kept_only_after_it(user):
    device = authenticator(user)
    client = Client()
    password_step(client, user.email)

    client.post(SWITCH_URL, {"language": "ar", "next": VERIFY_URL})

    assert _lang(client.get(VERIFY_URL)) == "ar"
    user.refresh_from_db()
    assert user.language == "fr"  # only the password was given: the profile is not touched
    assert not events(Action.USER_UPDATED)

    client.post(VERIFY_URL, {"token": code_now(device)})

    assert _lang(client.get(PROFILE_URL)) == "ar"
    user.refresh_from_db()
    assert user.language == "ar"
    (updated,) = events(Action.USER_UPDATED)
    assert updated.data == {"fields": ["language"]}


def test_anyone_may_switch_but_only_by_post(user):
    client = Client()

    assert client.get(SWITCH_URL, {"language": "ar"}).status_code == 405
    assert client.post(SWITCH_URL, {"language": "ar", "next": "/"}).status_code == 302
    assert not events(Action.USER_UPDATED)


def test_the_switch_refuses_a_post_without_the_csrf_token(user, client_for):
    client = client_for(user)
    client.handler.enforce_csrf_checks = True

    response = client.post(SWITCH_URL, {"language": "ar", "next": "/"})

    assert response.status_code == 403
    user.refresh_from_db()
    assert user.language == "fr"


def test_the_switch_is_a_labelled_form_with_a_button_on_the_second_step_page(user):
    authenticator(user)
    client = Client()
    password_step(client, user.email)

    page = text(client.get(VERIFY_URL))

    assert f'action="{SWITCH_URL}"' in page and 'method="post"' in page
    assert '<label for="language-select">' in page
    assert 'name="csrfmiddlewaretoken"' in page
