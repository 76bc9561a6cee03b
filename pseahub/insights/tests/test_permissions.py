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


# --- the open-data downloads: the dashboard's readers; SLA compliance for coordinators and co-chairs only ---
DOWNLOAD = "/insights/table/month.csv"
SLA_DOWNLOAD = "/insights/table/sla.xlsx"


@pytest.mark.parametrize("path", [DOWNLOAD, SLA_DOWNLOAD])
def test_signed_out_visitors_are_sent_to_sign_in_for_a_download(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", DASHBOARD_READERS)
def test_the_dashboard_s_readers_download_its_tables(personas, client_for, persona):
    response = client_for(getattr(personas, persona)).get(DOWNLOAD)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("persona", [*OTHERS, "donor"])
def test_downloads_are_refused_to_everyone_else(personas, client_for, persona):
    assert client_for(getattr(personas, persona)).get(DOWNLOAD).status_code == 403


@pytest.mark.parametrize(("persona", "status"), [
    ("coordinator", 200), ("co_chair", 200), ("leadership", 403), ("analyst", 403),
])  # fmt: skip
def test_sla_compliance_downloads_for_coordinators_and_co_chairs_only(personas, client_for, persona, status):
    assert client_for(getattr(personas, persona)).get(SLA_DOWNLOAD).status_code == status


@pytest.mark.parametrize("path", ["/insights/table/nothing.csv", "/insights/table/month.pdf", "/insights/table/month"])
def test_an_unknown_table_or_format_is_not_found(personas, client_for, path):
    assert client_for(personas.analyst).get(path).status_code == 404


def test_a_download_is_a_get(personas, client_for):
    assert client_for(personas.coordinator).post(DOWNLOAD).status_code == 405
