"""Every import URL: coordinators only. Anonymous people are sent to sign in; focal points, operators and
analysts get 403 (as on the case pages); a coordinator asking for a run that does not exist gets 404."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from .helpers import uploaded_run

pytestmark = pytest.mark.django_db

PAGES = ["", "columns/", "values/", "check/", "run/", "rejected/", "discard/"]


def _urls(public_id):
    return ["/cases/import/"] + [f"/cases/import/{public_id}/{page}" for page in PAGES]


@pytest.fixture
def run(personas, areas, unlocked_client_for):
    return uploaded_run(unlocked_client_for(personas.coordinator))


def test_anonymous_is_sent_to_sign_in(run):
    for url in _urls(run.public_id):
        responses = [Client().post(url)]
        if not url.endswith(("columns/", "check/", "run/", "rejected/", "discard/")):  # POST only: 405 to a GET
            responses.append(Client().get(url))
        for response in responses:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["focal_point_a", "operator", "analyst", "provider", "admin"])
def test_other_roles_are_refused(personas, run, client_for, persona):
    client = client_for(getattr(personas, persona))
    for url in _urls(run.public_id):
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url).status_code == 403, url
    run.refresh_from_db()
    assert run.state == "uploaded"


def test_an_unknown_run_is_not_found(personas, client_for):
    client = client_for(personas.coordinator)
    for url in _urls(uuid.uuid4())[1:]:
        assert client.post(url).status_code in (404, 405), url
        assert client.get(url).status_code in (404, 405), url


def test_post_only_urls_refuse_get(personas, run, client_for):
    client = client_for(personas.coordinator)
    for page in ["columns/", "check/", "run/", "rejected/", "discard/"]:
        assert client.get(f"/cases/import/{run.public_id}/{page}").status_code == 405
    run.refresh_from_db()
    assert run.state == "uploaded"


def test_the_coordinators_header_links_to_the_import(personas, client_for):
    assert 'href="/cases/import/"' in client_for(personas.coordinator).get("/cases/").content.decode()
    assert 'href="/cases/import/"' not in client_for(personas.operator).get("/accounts/profile/").content.decode()
