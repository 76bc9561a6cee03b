"""Who may use the intake pages: the public pages are open to anyone (no login); the operator form needs the
operator or coordinator role."""

from __future__ import annotations

import pytest

PUBLIC_PAGES = ["/report", "/report/follow", "/report/receipt"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_the_public_pages_need_no_login(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_staff_may_use_the_public_pages_too(personas, client_for, path):
    assert client_for(personas.focal_point_a).get(path).status_code == 200


@pytest.mark.django_db
def test_the_status_page_without_a_receipt_sends_to_the_follow_up_page(client):
    response = client.get("/report/status")

    assert response.status_code == 302
    assert response["Location"] == "/report/follow"


@pytest.mark.django_db
def test_leaving_is_post_only(client):
    assert client.get("/report/leave").status_code == 405
    assert client.post("/report/leave")["Location"] == "/report/follow"


@pytest.mark.django_db
def test_the_operator_form_sends_anonymous_visitors_to_login(client):
    response = client.get("/intake/operator/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("operator", 200),
        ("coordinator", 200),
        ("focal_point_a", 403),
        ("focal_point_b", 403),
        ("provider", 403),
        ("analyst", 403),
        ("admin", 403),
        ("no_role", 403),
    ],
)
def test_the_operator_form_is_for_operators_and_coordinators(personas, client_for, name, status):
    assert client_for(getattr(personas, name)).get("/intake/operator/").status_code == status
