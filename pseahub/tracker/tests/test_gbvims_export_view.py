"""/cases/export/gbvims/: the GBVIMS Incident Recorder-style file, for coordinators, after a fresh code, linked
from the tracker with its filters."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent

from .records import sheet_rows, simple_complaint, statistics
from .test_tracker_export_view import XLSX, _code, _device, _wrong_code

URL = "/cases/export/gbvims/"

pytestmark = pytest.mark.django_db


def _exported() -> int:
    return AuditEvent.objects.filter(action=Action.TRACKER_EXPORTED).count()


def test_anonymous_is_sent_to_sign_in(personas):
    for response in (Client().get(URL), Client().post(URL, {"token": "123456"})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert _exported() == 0


@pytest.mark.parametrize("persona", ["focal_point_a", "operator", "analyst", "provider", "admin", "no_role"])
def test_other_roles_are_refused(personas, client_for, persona):
    simple_complaint(personas, consents=[statistics()])
    user = getattr(personas, persona)
    client = client_for(user)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"token": _code(_device(user))})
    assert response.status_code == 403
    assert "Content-Disposition" not in response
    assert _exported() == 0


def test_the_tracker_links_to_it_with_its_filters(personas, client_for):
    page = client_for(personas.coordinator).get("/cases/", {"channel": "web"})
    assert b'href="/cases/export/gbvims/?channel=web"' in page.content


def test_the_form_carries_the_filters_and_asks_for_a_code_only(personas, client_for):
    page = client_for(personas.coordinator).get(URL, {"channel": "web"})
    html = page.content.decode()
    assert page.status_code == 200
    assert '<input type="hidden" name="channel" value="web">' in html
    assert 'name="token"' in html
    assert 'name="include_sealed"' not in html  # nothing sealed to ask for
    assert "statistics consent" in html
    assert "no-store" in page["Cache-Control"]
    assert _exported() == 0


def test_the_form_names_the_new_filters_in_words(personas, client_for):
    query = {"investigating_entity": "own_unit", "victim_type": "girl", "imported": "no", "outcome": "substantiated"}
    html = client_for(personas.coordinator).get(URL, query).content.decode()
    assert "Investigating entity: The organisation&#x27;s own investigation unit" in html
    assert "Victim type: Girl (under 18)" in html
    assert "Imported from an earlier tracker: No" in html
    assert "Outcome: Substantiated" in html


def test_a_fresh_code_downloads_the_consented_incidents(personas, client_for):
    consented = simple_complaint(personas, consents=[statistics()])
    simple_complaint(personas)  # no statistics consent: absent
    response = client_for(personas.coordinator).post(URL, {"token": _code(_device(personas.coordinator))})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="psea-gbvims-incidents-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    assert response["Cache-Control"] == "no-store"
    headers, rows = sheet_rows(response.content)
    assert headers[0] == "Incident ID"
    assert [row["Incident ID"] for row in rows] == [f"{consented.reference}-1"]
    event = AuditEvent.objects.get(action=Action.TRACKER_EXPORTED)
    assert event.actor_id == personas.coordinator.pk
    assert (event.data["format"], event.data["rows"], event.data["sealed"]) == ("gbvims-xlsx", 1, False)


def test_a_wrong_code_exports_nothing_and_is_audited(personas, client_for):
    simple_complaint(personas, consents=[statistics()])
    response = client_for(personas.coordinator).post(URL, {"token": _wrong_code(_device(personas.coordinator))})
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "That code is not correct or has already been used." in response.content.decode()
    assert AuditEvent.objects.get(action=Action.OTP_FAILED).data == {"purpose": "tracker_export"}
    assert _exported() == 0


def test_invalid_filters_export_nothing(personas, client_for):
    response = client_for(personas.coordinator).post(
        URL, {"status": "no-such-status", "token": _code(_device(personas.coordinator))}
    )
    assert "The tracker filters are not valid" in response.content.decode()
    assert _exported() == 0
