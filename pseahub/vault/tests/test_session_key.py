"""The private key unlocked at login is kept for the session: half in the session store, half in a cookie.

Neither half alone opens it.
"""

from __future__ import annotations

import base64

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from pseahub.accounts.tests.factories import UserFactory
from pseahub.accounts.tests.helpers import KEY_LOCKED, KEY_UNLOCKED, PROFILE_URL, authenticator, sign_in, text
from pseahub.vault.crypto import keypair_generate, seal, unseal
from pseahub.vault.session import (
    SESSION_FIELD,
    session_cookie_apply,
    session_key_forget,
    session_key_load,
    session_key_store,
)

pytestmark = pytest.mark.django_db

COOKIE = settings.VAULT_COOKIE_NAME


def _request(session_key: str | None = None, cookie: str | None = None) -> HttpRequest:
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key)
    if cookie is not None:
        request.COOKIES[COOKIE] = cookie
    return request


def _store(private: bytes) -> tuple[str, str]:
    """One request that unlocks ``private``; returns the session id and the cookie value the browser gets."""
    request = _request()
    session_key_store(request, private)
    request.session.save()
    response = HttpResponse()
    session_cookie_apply(request, response)
    return request.session.session_key, response.cookies[COOKIE].value


def test_it_gives_the_key_back_in_the_same_request():
    private = keypair_generate().private
    request = _request()

    session_key_store(request, private)

    assert session_key_load(request) == private


def test_it_gives_the_key_to_a_later_request_that_has_both_halves():
    private = keypair_generate().private
    session_id, cookie = _store(private)

    assert session_key_load(_request(session_id, cookie)) == private


def test_it_gives_nothing_with_the_session_alone():
    session_id, _cookie = _store(keypair_generate().private)

    assert session_key_load(_request(session_id)) is None


def test_it_gives_nothing_with_the_cookie_alone():
    _session_id, cookie = _store(keypair_generate().private)

    assert session_key_load(_request(None, cookie)) is None


def test_it_gives_nothing_with_another_sessions_cookie():
    first_id, _first_cookie = _store(keypair_generate().private)
    _second_id, second_cookie = _store(keypair_generate().private)

    assert session_key_load(_request(first_id, second_cookie)) is None


@pytest.mark.parametrize("cookie", ["", "not base64 at all!", base64.urlsafe_b64encode(b"\x00" * 32).decode()])
def test_it_gives_nothing_for_a_damaged_cookie(cookie):
    session_id, _cookie = _store(keypair_generate().private)

    assert session_key_load(_request(session_id, cookie)) is None


def test_it_keeps_the_key_in_clear_in_neither_half():
    private = keypair_generate().private
    session_id, cookie = _store(private)

    stored = Session.objects.get(session_key=session_id).session_data
    for encoding in (base64.b64encode, base64.urlsafe_b64encode):
        assert encoding(private).decode() not in stored
        assert encoding(private).decode() not in cookie
    assert private.hex() not in stored


def test_it_sets_a_browser_session_cookie_that_scripts_cannot_read():
    request = _request()
    session_key_store(request, keypair_generate().private)
    response = HttpResponse()

    session_cookie_apply(request, response)

    cookie = response.cookies[COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["secure"] == ("True" if settings.SESSION_COOKIE_SECURE else "")


def test_it_marks_the_cookie_secure_when_the_session_cookie_is(settings):
    settings.SESSION_COOKIE_SECURE = True
    request = _request()
    session_key_store(request, keypair_generate().private)
    response = HttpResponse()

    session_cookie_apply(request, response)

    assert response.cookies[COOKIE]["secure"]


def test_it_leaves_the_cookie_alone_when_nothing_changed():
    response = HttpResponse()

    session_cookie_apply(_request(), response)

    assert COOKIE not in response.cookies


def test_it_forgets_the_key_and_deletes_the_cookie():
    private = keypair_generate().private
    session_id, cookie = _store(private)
    request = _request(session_id, cookie)

    session_key_forget(request)
    response = HttpResponse()
    session_cookie_apply(request, response)

    assert session_key_load(request) is None
    assert SESSION_FIELD not in request.session
    assert response.cookies[COOKIE].value == ""
    assert response.cookies[COOKIE]["max-age"] == 0


# --- through the real sign-in -------------------------------------------------------------------------------
@pytest.fixture
def signed_in():
    user = UserFactory(email="holder@example.org")
    client = Client()
    sign_in(client, user, authenticator(user))
    return user, client


def test_it_opens_data_sealed_to_the_user_in_a_later_request_of_the_session(signed_in):
    user, client = signed_in
    sealed = seal(bytes(user.public_key), b"case narrative")
    later = _request(client.session.session_key, client.cookies[COOKIE].value)

    private = session_key_load(later)

    assert private is not None
    assert unseal(private, sealed) == b"case narrative"
    assert KEY_UNLOCKED in text(client.get(PROFILE_URL))


def test_it_shows_the_key_locked_when_the_browser_lost_the_cookie(signed_in):
    _user, client = signed_in

    del client.cookies[COOKIE]

    page = text(client.get(PROFILE_URL))
    assert KEY_LOCKED in page
    assert KEY_UNLOCKED not in page


def test_it_shows_the_key_locked_when_the_session_lost_its_half(signed_in):
    _user, client = signed_in
    session = client.session
    del session[SESSION_FIELD]
    session.save()

    page = text(client.get(PROFILE_URL))
    assert KEY_LOCKED in page
    assert client.cookies[COOKIE].value  # the cookie alone is not enough


def test_it_gives_another_browser_nothing_with_a_stolen_cookie(signed_in):
    user, client = signed_in
    thief = Client()
    sign_in(thief, user, authenticator(user))

    stolen = client.cookies[COOKIE].value
    later = _request(thief.session.session_key, stolen)

    assert session_key_load(later) is None
