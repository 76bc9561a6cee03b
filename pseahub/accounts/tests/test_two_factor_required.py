"""After the password and before the code, every page but the second-factor pages sends the user to the code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from pseahub.accounts.tests.factories import UserFactory
from pseahub.accounts.tests.helpers import LOGOUT_URL, SETUP_URL, VERIFY_URL, authenticator, password_step

pytestmark = pytest.mark.django_db

# Reachable with the password alone: the second-factor pages themselves, signing out, the language switch.
OPEN = {VERIFY_URL, SETUP_URL, LOGOUT_URL}
OPEN_PREFIXES = ("/i18n/",)

_SAMPLES = {"int": "1", "uuid": "6f1c1a52-1a3b-4c2d-9e8f-0123456789ab", "slug": "x", "str": "x", "path": "x/y"}


def _example(pattern: object) -> str | None:
    """A concrete path for one URL pattern, or None for a regular expression we cannot fill in."""
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: _SAMPLES.get(m.group(1) or "str", "x"), route)
    if isinstance(pattern, RegexPattern):
        regex = str(pattern).lstrip("^").rstrip("$")
        return None if re.search(r"[()\[\]*+?\\|]", regex) else regex
    return None


def _every_path(patterns: list[object], prefix: str = "/") -> Iterator[str]:
    for entry in patterns:
        part = _example(entry.pattern)  # type: ignore[attr-defined]
        if part is None:
            continue
        if isinstance(entry, URLResolver):
            yield from _every_path(entry.url_patterns, prefix + part)
        else:
            yield prefix + part


def staff_paths() -> list[str]:
    paths = sorted(set(_every_path(get_resolver().url_patterns)))
    return [path for path in paths if path not in OPEN and not path.startswith(OPEN_PREFIXES)]


@pytest.fixture
def half_signed_in(client):
    """A client past the password step only."""
    user = UserFactory(email="half@example.org")
    authenticator(user)
    response = password_step(client, user.email)
    assert response["Location"].startswith(VERIFY_URL)
    return client


def test_it_knows_the_pages_it_guards():
    paths = staff_paths()
    for expected in ["/", "/accounts/profile/", "/accounts/password/", "/accounts/logout/everywhere/", "/admin/"]:
        assert expected in paths
    assert "/admin/accounts/user/" in paths
    assert "/admin/accounts/user/x/y/change/" in paths


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_sends_every_other_page_to_the_code_before_the_second_factor(half_signed_in, method):
    wrong = {}
    for path in staff_paths():
        response = getattr(half_signed_in, method)(path)
        location = response.get("Location", "")
        if response.status_code != 302 or urlsplit(location).path != VERIFY_URL:
            wrong[path] = (response.status_code, location)
        elif parse_qs(urlsplit(location).query).get("next") != [path]:
            wrong[path] = ("next lost", location)

    assert wrong == {}


def test_it_shows_the_code_page_and_lets_the_user_sign_out(half_signed_in):
    assert half_signed_in.get(VERIFY_URL).status_code == 200

    response = half_signed_in.post(LOGOUT_URL)

    assert response.status_code == 302
    assert "_auth_user_id" not in half_signed_in.session
