"""Forms keep working under Referrer-Policy: no-referrer (browsers then send Origin: null, no Referer)."""

import pytest
from django.test import Client


def _post(client: Client, **headers: str):
    client.get("/report")
    token = client.cookies["csrftoken"].value
    return client.post(
        "/report/follow", {"receipt": "1234123412341234", "csrfmiddlewaretoken": token}, secure=True, **headers
    )


@pytest.mark.django_db
def test_it_accepts_a_same_origin_post_with_a_null_origin():
    client = Client(enforce_csrf_checks=True)
    response = _post(client, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 200


@pytest.mark.django_db
def test_it_accepts_an_old_browser_without_fetch_metadata():
    client = Client(enforce_csrf_checks=True)
    assert _post(client, HTTP_ORIGIN="null").status_code == 200


@pytest.mark.django_db
def test_it_refuses_a_cross_site_post():
    client = Client(enforce_csrf_checks=True)
    assert _post(client, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert _post(client, HTTP_ORIGIN="https://evil.example", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403


@pytest.mark.django_db
def test_it_still_requires_the_token():
    client = Client(enforce_csrf_checks=True)
    client.get("/report")
    response = client.post("/report/follow", {"receipt": "1"}, secure=True, HTTP_ORIGIN="null")
    assert response.status_code == 403
