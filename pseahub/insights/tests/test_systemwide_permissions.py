"""Who opens the system-wide pages: the HQ role only (it lands there after signing in). Everyone else gets 403,
and signed-out visitors are sent to sign in; the import's POST is refused to them too and stores nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pseahub.accounts.landing import landing_url
from pseahub.insights.models import CountryReturn
from pseahub.insights.systemwide import country_return_import

from .hq_documents import as_json, lbn, mli

pytestmark = pytest.mark.django_db

OTHERS = [
    "coordinator", "focal_point_a", "provider", "operator", "analyst", "leadership", "co_chair", "donor", "admin",
    "no_role",
]  # fmt: skip


@pytest.fixture
def paths(personas):
    imported = country_return_import(actor=personas.hq, content=as_json(mli()), filename="mli.json")
    return ["/insights/systemwide/", "/insights/systemwide/import/",
            f"/insights/systemwide/{imported.country_return.public_id}/"]  # fmt: skip


def test_signed_out_visitors_are_sent_to_sign_in(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path


def test_the_hq_role_opens_every_page(personas, client_for, paths):
    client = client_for(personas.hq)
    for path in paths:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("persona", OTHERS)
def test_every_other_role_is_refused(personas, client_for, paths, persona):
    client = client_for(getattr(personas, persona))
    for path in paths:
        assert client.get(path).status_code == 403, path
    response = client.post("/insights/systemwide/import/", {"file": SimpleUploadedFile("lbn.json", as_json(lbn()))})
    assert response.status_code == 403
    assert CountryReturn.objects.count() == 1


def test_a_signed_out_import_stores_nothing(client, paths):
    response = client.post("/insights/systemwide/import/", {"file": SimpleUploadedFile("lbn.json", as_json(lbn()))})
    assert response.status_code == 302 and CountryReturn.objects.count() == 1


def test_an_unknown_return_is_not_found(personas, client_for):
    response = client_for(personas.hq).get("/insights/systemwide/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


def test_the_hq_user_lands_on_the_system_wide_view_and_finds_it_in_the_header(personas, client_for):
    assert landing_url(personas.hq) == "/insights/systemwide/"
    page = client_for(personas.hq).get("/accounts/profile/").content.decode()
    assert 'href="/insights/systemwide/"' in page and 'href="/insights/"' not in page


def test_other_roles_find_no_link_to_it(personas, client_for):
    for persona in ("coordinator", "leadership", "donor"):
        page = client_for(getattr(personas, persona)).get("/accounts/profile/").content.decode()
        assert 'href="/insights/systemwide/"' not in page, persona
