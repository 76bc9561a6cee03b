"""Who opens the insights pages: the dashboard for coordinators, co-chairs, leadership and analysts; the donors'
page for donors only. Nobody else, and nobody signed out."""

import pytest

pytestmark = pytest.mark.django_db

DASHBOARD_READERS = ["coordinator", "co_chair", "leadership", "analyst"]
OTHERS = ["focal_point_a", "provider", "operator", "admin", "no_role"]


@pytest.mark.parametrize("path", ["/insights/", "/insights/donor/"])
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", DASHBOARD_READERS)
def test_the_dashboard_opens_for_its_readers(personas, client_for, persona):
    response = client_for(getattr(personas, persona)).get("/insights/")
    assert response.status_code == 200
    assert "<h1>Insights</h1>" in response.content.decode()


@pytest.mark.parametrize("persona", [*OTHERS, "donor"])
def test_the_dashboard_is_refused_to_everyone_else(personas, client_for, persona):
    assert client_for(getattr(personas, persona)).get("/insights/").status_code == 403


def test_the_donors_page_opens_for_donors(personas, client_for):
    response = client_for(personas.donor).get("/insights/donor/")
    assert response.status_code == 200 and "Published figures" in response.content.decode()


@pytest.mark.parametrize("persona", [*DASHBOARD_READERS, *OTHERS])
def test_the_donors_page_is_refused_to_everyone_else(personas, client_for, persona):
    assert client_for(getattr(personas, persona)).get("/insights/donor/").status_code == 403
