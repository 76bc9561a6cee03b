"""/admin/network/area/import/: a verified network admin uploads a CSV; errors show in the page; nobody else."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.network.models import Area

IMPORT_URL = "/admin/network/area/import/"
MALI = Path(__file__).resolve().parents[1] / "data" / "mali_admin1.csv"
HEADER = b"pcode,name,name_fr_or_ar,parent_pcode,admin_level\n"


def _upload(content: bytes, name: str = "areas.csv") -> dict[str, SimpleUploadedFile]:
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


def test_it_is_the_url_of_the_import_view():
    assert reverse("admin:network_area_import") == IMPORT_URL


def test_it_shows_the_upload_form_to_a_verified_network_admin(personas, client_for):
    response = client_for(personas.admin).get(IMPORT_URL)

    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()
    assert "nothing is imported" in response.content.decode()


def test_it_links_the_import_from_the_area_list(personas, client_for):
    response = client_for(personas.admin).get(reverse("admin:network_area_changelist"))

    assert response.status_code == 200
    assert f'href="{IMPORT_URL}"' in response.content.decode()


def test_it_imports_an_upload_and_reports_the_counts(personas, client_for):
    response = client_for(personas.admin).post(IMPORT_URL, _upload(MALI.read_bytes()), follow=True)

    assert response.redirect_chain == [(reverse("admin:network_area_changelist"), 302)]
    assert "64 areas created, 0 updated." in response.content.decode()
    assert Area.objects.count() == 64
    event = AuditEvent.objects.get(action=Action.AREAS_IMPORTED)
    assert (event.actor, event.data) == (personas.admin, {"created": 64, "updated": 0})


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (HEADER + b"XX,Xland,,,0\nXX01,North,,XX,9\n", "Line 3: admin level must be a number from 0 to 5."),
        (HEADER + b"XX,Xland,,,0\nXX01,S\xe9gou,,XX,1\n", "Line 3: the file is not UTF-8 text."),
        (HEADER + b"XX,Xland,,,0\nXX01,North,,ZZ,1\n", "Line 3: parent ZZ is unknown"),
        (b"", "Line 1: the file is empty."),
    ],
)
def test_it_shows_the_error_naming_the_line_and_imports_nothing(personas, client_for, content, error):
    audited = AuditEvent.objects.count()

    response = client_for(personas.admin).post(IMPORT_URL, _upload(content))

    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "Nothing was imported." in page
    assert not Area.objects.exists()
    assert AuditEvent.objects.count() == audited


def test_it_offers_no_add_change_or_delete_of_single_areas(personas, client_for):
    client = client_for(personas.admin)
    client.post(IMPORT_URL, _upload(MALI.read_bytes()))
    area = Area.objects.get(pcode="ML09")

    assert client.get(reverse("admin:network_area_add")).status_code == 403
    assert client.post(reverse("admin:network_area_change", args=[area.pk]), {"name": "X"}).status_code == 403
    assert client.post(reverse("admin:network_area_delete", args=[area.pk]), {"post": "yes"}).status_code == 403
    area.refresh_from_db()
    assert area.name == "Bamako"


@pytest.mark.parametrize("persona", ["coordinator", "focal_point_a", "provider", "operator", "analyst", "no_role"])
def test_it_refuses_the_import_to_other_personas(personas, client_for, persona):
    client = client_for(getattr(personas, persona))

    shown = client.get(IMPORT_URL)
    posted = client.post(IMPORT_URL, _upload(MALI.read_bytes()))

    assert shown.status_code == 302
    assert shown["Location"].startswith(reverse("admin:login"))
    assert posted.status_code == 302
    assert not Area.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.AREAS_IMPORTED).exists()


def test_it_refuses_the_import_to_a_network_admin_without_2fa(personas):
    client = Client()
    client.force_login(personas.admin)

    response = client.post(IMPORT_URL, _upload(MALI.read_bytes()))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert not Area.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(db):
    response = Client().post(IMPORT_URL, _upload(MALI.read_bytes()))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not Area.objects.exists()
