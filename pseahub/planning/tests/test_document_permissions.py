"""Who may open the network documents' pages: signed out → sign in; roles outside the network's work → 403;
focal points and leadership read; only the coordinator and co-chairs add documents and versions."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.planning.documents import Upload, document_create, version_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 minutes of the network"
OUTSIDERS = ["provider", "operator", "analyst", "donor", "hq", "admin", "no_role"]
READERS = ["focal_point_a", "leadership"]
EDITORS = ["coordinator", "co_chair"]


@pytest.fixture
def version(personas):
    document = document_create(actor=personas.coordinator, kind="tor", title="TdR du réseau PEAS")
    return version_upload(
        actor=personas.coordinator, document=document, language="fr", label="2026",
        upload=Upload("tdr.pdf", PDF), in_force=True,
    )  # fmt: skip


def _reading(version) -> list[str]:
    return [
        reverse("planning:home"),
        reverse("planning:documents"),
        reverse("planning:document", args=[version.document.public_id]),
    ]


def _editing(version) -> tuple[str, list[str]]:
    return reverse("planning:document_new"), [
        reverse("planning:version_new", args=[version.document.public_id]),
        reverse("planning:version_in_force", args=[version.public_id]),
    ]


def test_signed_out_visitors_are_sent_to_sign_in(version):
    login = reverse(settings.LOGIN_URL)
    new, posts = _editing(version)
    for url in [*_reading(version), new]:
        assert Client().get(url)["Location"].startswith(login), url
    for url in [*posts, reverse("planning:version_download", args=[version.public_id])]:
        assert Client().post(url)["Location"].startswith(login), url


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_roles_outside_the_networks_work_are_refused(personas, client_for, version, persona):
    client = client_for(getattr(personas, persona))
    new, posts = _editing(version)
    for url in [*_reading(version), new]:
        assert client.get(url).status_code == 403, url
    for url in [*posts, reverse("planning:version_download", args=[version.public_id])]:
        assert client.post(url).status_code == 403, url


@pytest.mark.parametrize("persona", READERS)
def test_readers_read_and_download_but_do_not_edit(personas, client_for, version, persona):
    client = client_for(getattr(personas, persona))
    for url in _reading(version):
        assert client.get(url).status_code == 200, url
    download = client.post(reverse("planning:version_download", args=[version.public_id]))
    assert download.status_code == 200 and download.content == PDF
    new, posts = _editing(version)
    assert client.get(new).status_code == 403
    for url in posts:
        assert client.post(url).status_code == 403, url
    page = client.get(reverse("planning:document", args=[version.document.public_id])).content.decode()
    assert "Upload a version" not in page


@pytest.mark.parametrize("persona", EDITORS)
def test_the_coordinator_and_co_chairs_edit(personas, client_for, version, persona):
    client = client_for(getattr(personas, persona))
    new, _posts = _editing(version)
    assert client.get(new).status_code == 200
    page = client.get(reverse("planning:document", args=[version.document.public_id])).content.decode()
    assert "Upload a version" in page


def test_the_header_links_the_network_for_its_roles_only(personas, client_for):
    link = f'href="{reverse("planning:home")}"'
    profile = reverse("accounts:profile")
    for persona in [*READERS, *EDITORS]:
        assert link in client_for(getattr(personas, persona)).get(profile).content.decode(), persona
    assert link not in client_for(personas.analyst).get(profile).content.decode()


def test_the_networks_page_leads_to_its_documents(personas, client_for):
    page = client_for(personas.focal_point_a).get(reverse("planning:home")).content.decode()
    assert f'href="{reverse("planning:documents")}"' in page


def test_downloading_and_putting_in_force_answer_a_get_with_405(personas, client_for, version):
    client = client_for(personas.coordinator)
    assert client.get(reverse("planning:version_download", args=[version.public_id])).status_code == 405
    assert client.get(reverse("planning:version_in_force", args=[version.public_id])).status_code == 405
