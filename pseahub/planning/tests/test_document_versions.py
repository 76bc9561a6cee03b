"""The coordinator adds a document and its versions per language; one is in force per language, earlier ones
are kept and can be put back in force; every write and every download is audited; bad files get a clear error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pseahub.audit.models import AuditEvent
from pseahub.planning.models import DocumentVersion, NetworkDocument

pytestmark = pytest.mark.django_db


def _upload(client, document, *, name="tdr.pdf", content=b"%PDF-1.7 v1", language="fr", label="2026", in_force=True):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile(name, content), "language": language, "label": label}
    if in_force:
        data["in_force"] = "on"
    return client.post(reverse("planning:version_new", args=[document.public_id]), data)


@pytest.fixture
def document(personas, client_for):
    client = client_for(personas.coordinator)
    response = client.post(
        reverse("planning:document_new"), {"kind": "tor", "title": "Termes de référence", "is_public": "on"}
    )
    document = NetworkDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "planning:document", args=[document.public_id]
    )
    return document


def test_a_new_version_in_force_replaces_the_one_of_its_language_only(personas, client_for, document):
    client = client_for(personas.coordinator)
    assert _upload(client, document, content=b"%PDF-1.7 fr v1").status_code == 302
    assert _upload(client, document, content=b"%PDF-1.7 en v1", language="en").status_code == 302
    assert _upload(client, document, content=b"%PDF-1.7 fr v2", label="2027").status_code == 302
    in_force = {v.language: v.label for v in DocumentVersion.objects.filter(in_force=True)}
    assert in_force == {"fr": "2027", "en": "2026"}
    assert DocumentVersion.objects.count() == 3
    page = client.get(reverse("planning:document", args=[document.public_id])).content.decode()
    assert "Put in force" in page  # the earlier French version


def test_an_earlier_version_is_put_back_in_force(personas, client_for, document):
    client = client_for(personas.co_chair)
    _upload(client, document, content=b"%PDF-1.7 fr v1", label="v1")
    _upload(client, document, content=b"%PDF-1.7 fr v2", label="v2")
    earlier = DocumentVersion.objects.get(label="v1")
    response = client.post(reverse("planning:version_in_force", args=[earlier.public_id]))
    assert response.status_code == 302
    assert DocumentVersion.objects.get(in_force=True).label == "v1"
    assert AuditEvent.objects.filter(action="document_version_in_force").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tdr.exe", b"MZ", "Upload a PDF, Word, Excel or OpenDocument file"),
        ("tdr.pdf", b"<html>", "The file&#x27;s content is not what its name says (.pdf)."),
        ("tdr.docx", b"%PDF-1.7", "The file&#x27;s content is not what its name says (.docx)."),
    ],
)
def test_a_file_that_is_not_a_document_is_refused_beside_the_field(
    personas, client_for, document, name, content, message
):
    response = _upload(client_for(personas.coordinator), document, name=name, content=content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DocumentVersion.objects.exists()


def test_the_same_file_twice_is_stored_once(personas, client_for, document):
    client = client_for(personas.coordinator)
    assert _upload(client, document).status_code == 302
    response = _upload(client, document, label="again")
    assert response.status_code == 400
    assert "already a version of this document" in response.content.decode()
    assert DocumentVersion.objects.count() == 1


def test_uploads_and_downloads_are_audited_without_titles_or_file_names(personas, client_for, document):
    client = client_for(personas.coordinator)
    _upload(client, document, name="TdR confidentiel.pdf")
    version = DocumentVersion.objects.get()
    response = client.post(reverse("planning:version_download", args=[version.public_id]))
    assert response["Content-Disposition"] == 'attachment; filename="TdR_confidentiel.pdf"'
    actions = list(AuditEvent.objects.filter(action__startswith="document_").values_list("action", "data"))
    assert [action for action, _data in actions] == [
        "document_created",
        "document_version_uploaded",
        "document_downloaded",
    ]
    assert all("confidentiel" not in str(data) and "Termes" not in str(data) for _action, data in actions)


def test_a_public_documents_version_in_force_is_open_to_anyone(personas, client_for, document):
    from django.test import Client

    client = client_for(personas.coordinator)
    _upload(client, document, content=b"%PDF-1.7 v1", label="v1")
    _upload(client, document, content=b"%PDF-1.7 v2", label="v2")
    current, earlier = DocumentVersion.objects.get(label="v2"), DocumentVersion.objects.get(label="v1")
    assert Client().get(reverse("planning:public_document", args=[current.public_id])).content == b"%PDF-1.7 v2"
    assert Client().get(reverse("planning:public_document", args=[earlier.public_id])).status_code == 404
    document.is_public = False
    document.save()
    assert Client().get(reverse("planning:public_document", args=[current.public_id])).status_code == 404
