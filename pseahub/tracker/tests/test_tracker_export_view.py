"""/cases/export/: the tracker as XLSX, for coordinators, after a fresh second-factor code."""

from __future__ import annotations

import io
import re
import time

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from pseahub.accounts.services import backup_codes_generate
from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Complaint
from pseahub.cases.services import ComplaintInput, complaint_create
from pseahub.vault import services as vault

URL = "/cases/export/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRONG_CODE = "That code is not correct or has already been used."


def _complaint(personas, **overrides) -> Complaint:
    data = {
        "channel": "hotline",
        "narrative": "Narrative Quokka-4411",
        "location_detail": "Site Pelican-7",
        "perpetrator_description": "Driver called Zorro-9",
        "reported_organisation": personas.org_a,
        **overrides,
    }
    return complaint_create(actor=None, data=ComplaintInput(**data)).complaint


def _code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's app shows now, or ``steps_ahead`` steps later (still inside the tolerance)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def _wrong_code(device: TOTPDevice) -> str:
    accepted = {_code(device, steps_ahead=n) for n in range(-2, 3)}
    return next(code for n in range(10**6) if (code := f"{n:06d}") not in accepted)


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def signed_in(user, password) -> Client:
    """A client that signed in for real (password, then TOTP), so the user's private key is unlocked."""
    client = Client()
    client.post("/accounts/login/", {"username": user.email, "password": password})
    device, _created = TOTPDevice.objects.get_or_create(user=user, name="app", defaults={"confirmed": True})
    response = client.post("/accounts/two-factor/", {"token": _code(device)})
    assert response.status_code == 302
    return client


def _rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return rows[0], rows[1:]


def _exported() -> int:
    return AuditEvent.objects.filter(action=Action.TRACKER_EXPORTED).count()


# --- who may use it -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(personas):
    for response in (Client().get(URL), Client().post(URL, {"token": "123456"})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert _exported() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["focal_point_a", "operator", "analyst", "provider", "admin", "no_role"])
def test_other_roles_are_refused(personas, client_for, persona):
    user = getattr(personas, persona)
    client = client_for(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"token": _code(_device(user))}).status_code == 403
    assert _exported() == 0


@pytest.mark.django_db
def test_the_tracker_links_to_the_export_with_its_filters(personas, client_for):
    page = client_for(personas.coordinator).get("/cases/", {"channel": "web", "page": "1"})
    assert page.status_code == 200
    assert b'href="/cases/export/?channel=web"' in page.content
    assert b"Export (XLSX)" in page.content


# --- the form -----------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_form_carries_the_tracker_filters_and_asks_for_a_code(personas, client_for):
    page = client_for(personas.coordinator).get(URL, {"channel": "web", "status": "new", "page": "2"})
    assert page.status_code == 200
    html = page.content.decode()
    assert '<input type="hidden" name="channel" value="web">' in html
    assert '<input type="hidden" name="status" value="new">' in html
    assert 'name="page"' not in html
    assert 'name="token"' in html and 'name="include_sealed"' in html
    assert "Channel: Web form" in html
    assert page["Cache-Control"] == "no-store"
    assert _exported() == 0


@pytest.mark.django_db
def test_invalid_filters_export_nothing(personas, client_for):
    client = client_for(personas.coordinator)
    response = client.post(URL, {"status": "no-such-status", "token": _code(_device(personas.coordinator))})
    assert response.status_code == 200
    assert "The tracker filters are not valid" in response.content.decode()
    assert _exported() == 0


# --- exporting ----------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_fresh_code_downloads_the_tracker(personas, client_for):
    visible = _complaint(personas)
    hidden = _complaint(personas)
    vault.grant_revoke(keyring=hidden.keyring, user=personas.coordinator)
    client = client_for(personas.coordinator)
    response = client.post(URL, {"token": _code(_device(personas.coordinator))})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert (
        response["Content-Disposition"] == f'attachment; filename="psea-tracker-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    assert response["Cache-Control"] == "no-store"
    headers, rows = _rows(response)
    assert headers[0] == "Reference"
    assert "Narrative (sealed)" not in headers
    assert [row[0] for row in rows] == [visible.reference]
    event = AuditEvent.objects.get(action=Action.TRACKER_EXPORTED)
    assert event.actor_id == personas.coordinator.pk
    assert event.data["rows"] == 1 and event.data["sealed"] is False


@pytest.mark.django_db
def test_the_export_keeps_the_filters_it_was_given(personas, client_for):
    _complaint(personas, channel="hotline")
    web = _complaint(personas, channel="web")
    client = client_for(personas.coordinator)
    response = client.post(URL, {"channel": "web", "token": _code(_device(personas.coordinator))})
    _headers, rows = _rows(response)
    assert [row[0] for row in rows] == [web.reference]
    assert AuditEvent.objects.get(action=Action.TRACKER_EXPORTED).data["filters"] == ["channel"]


@pytest.mark.django_db
def test_a_wrong_code_exports_nothing_and_is_audited(personas):
    _complaint(personas)
    client = signed_in(personas.coordinator, personas.password)
    response = client.post(URL, {"token": _wrong_code(_device(personas.coordinator)), "include_sealed": "on"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert WRONG_CODE in response.content.decode()
    failed = AuditEvent.objects.get(action=Action.OTP_FAILED)
    assert failed.actor_id == personas.coordinator.pk
    assert failed.data == {"purpose": "tracker_export"}
    assert _exported() == 0


@pytest.mark.django_db
def test_the_code_used_to_sign_in_cannot_be_used_again(personas):
    client = Client()
    client.post("/accounts/login/", {"username": personas.coordinator.email, "password": personas.password})
    device = TOTPDevice.objects.create(user=personas.coordinator, name="app", confirmed=True)
    code = _code(device)
    assert client.post("/accounts/two-factor/", {"token": code}).status_code == 302
    response = client.post(URL, {"token": code})
    assert "Content-Disposition" not in response
    assert AuditEvent.objects.filter(action=Action.OTP_FAILED).count() == 1
    assert _exported() == 0


@pytest.mark.django_db
def test_a_backup_code_is_accepted_once(personas, client_for):
    _complaint(personas)
    client = client_for(personas.coordinator)
    code = backup_codes_generate(user=personas.coordinator)[0]
    assert "Content-Disposition" in client.post(URL, {"token": code})
    assert AuditEvent.objects.filter(action=Action.BACKUP_CODE_USED).count() == 1
    assert "Content-Disposition" not in client.post(URL, {"token": code})
    assert _exported() == 1


# --- sealed columns -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_sealed_columns_come_with_an_unlocked_key_when_asked(personas):
    complaint = _complaint(personas)
    client = signed_in(personas.coordinator, personas.password)
    device = _device(personas.coordinator)
    response = client.post(URL, {"token": _code(device, steps_ahead=1), "include_sealed": "on"})
    assert response.status_code == 200, response.content.decode()[:2000]
    headers, rows = _rows(response)
    assert headers[-3:] == ["Narrative (sealed)", "Alleged perpetrator(s) (sealed)", "Location detail (sealed)"]
    assert rows == [[*rows[0][:-3], "Narrative Quokka-4411", "Driver called Zorro-9", "Site Pelican-7"]]
    assert rows[0][0] == complaint.reference
    event = AuditEvent.objects.get(action=Action.TRACKER_EXPORTED)
    assert event.data["sealed"] is True
    assert "Quokka" not in repr(event.data)


@pytest.mark.django_db
def test_sealed_columns_are_absent_when_not_asked_even_with_an_unlocked_key(personas):
    _complaint(personas)
    client = signed_in(personas.coordinator, personas.password)
    response = client.post(URL, {"token": _code(_device(personas.coordinator), steps_ahead=1)})
    headers, rows = _rows(response)
    assert "Narrative (sealed)" not in headers
    assert "Quokka-4411" not in repr(rows)


@pytest.mark.django_db
def test_asking_for_sealed_columns_with_a_locked_key_exports_nothing(personas, client_for):
    # client_for signs in without the password step, so the private key was never unlocked.
    _complaint(personas)
    client = client_for(personas.coordinator)
    page = client.get(URL).content.decode()
    assert "Your key is locked" in page
    code = _code(_device(personas.coordinator))
    response = client.post(URL, {"token": code, "include_sealed": "on"})
    assert "Content-Disposition" not in response
    assert re.search(r"sign out and in again to include sealed columns", response.content.decode())
    assert _exported() == 0
    assert not AuditEvent.objects.filter(action=Action.OTP_FAILED).exists()
    # The code was not spent on the refused request: the export without sealed columns still works with it.
    assert "Content-Disposition" in client.post(URL, {"token": code})
