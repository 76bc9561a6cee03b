"""The public directory lists the network's public documents (their version in force, each language), and
anyone can download them from there; a document that is not public, or a version not in force, is not listed."""

import pytest
from django.test import Client

from pseahub.planning.documents import Upload, document_create, version_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 the network's SOPs"


def test_the_directory_lists_public_documents_in_force_for_anyone(personas):
    sops = document_create(actor=personas.coordinator, kind="sop", title="POS inter-agences", is_public=True)
    old = version_upload(
        actor=personas.coordinator, document=sops, language="fr", label="v1", upload=Upload("v1.pdf", PDF + b" v1"),
        in_force=True,
    )  # fmt: skip
    current = version_upload(
        actor=personas.coordinator, document=sops, language="fr", label="v2", upload=Upload("v2.pdf", PDF + b" v2"),
        in_force=True,
    )  # fmt: skip
    english = version_upload(
        actor=personas.coordinator, document=sops, language="en", label="v2", upload=Upload("en.pdf", PDF + b" en"),
        in_force=True,
    )  # fmt: skip
    internal = document_create(actor=personas.coordinator, kind="tor", title="TdR internes", is_public=False)
    version_upload(
        actor=personas.coordinator, document=internal, language="fr", label="1", upload=Upload("t.pdf", PDF),
        in_force=True,
    )  # fmt: skip

    page = Client().get("/directory/").content.decode()

    assert 'id="documents"' in page and "POS inter-agences" in page
    assert f"/documents/{current.public_id}/" in page and f"/documents/{english.public_id}/" in page
    assert f"/documents/{old.public_id}/" not in page
    assert "TdR internes" not in page
    download = Client().get(f"/documents/{current.public_id}/")
    assert download.status_code == 200 and download.content == PDF + b" v2"
    assert Client().get(f"/documents/{old.public_id}/").status_code == 404


def test_without_public_documents_the_section_is_left_out(personas):
    assert 'id="documents"' not in Client().get("/directory/").content.decode()
