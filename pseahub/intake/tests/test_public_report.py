"""The public form at /report: anonymous or with contact details, a 16-digit receipt, no-store, a honeypot, CSRF."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Channel, Complaint, Survivor
from pseahub.cases.tests.helpers import events_on, opened, receipt_on_page, text
from pseahub.vault.models import Keyring

from .helpers import file_report, post_report, report_data


@pytest.mark.django_db
def test_the_form_is_public_and_never_cached(client):
    response = client.get("/report")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = text(response)
    assert "You do not have to give your name." in page
    assert 'name="website"' in page  # the honeypot


@pytest.mark.django_db
def test_an_anonymous_report_gets_a_16_digit_receipt(client, personas):
    response = post_report(client, report_data(narrative="Anonymous-Report-Text"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    receipt = receipt_on_page(response)
    assert re.fullmatch(r"[0-9]{16}", receipt)
    assert re.search(r'id="receipt">\d{4} \d{4} \d{4} \d{4}<', response.content.decode())
    assert "Keep this code safe" in text(response)
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.language, complaint.created_by) == (Channel.WEB, "en", None)
    assert complaint.contact_method == "none"
    assert opened(personas.coordinator, complaint, complaint)["reporter_name"] == ""
    (event,) = events_on(complaint, Action.COMPLAINT_CREATED)
    assert event.actor is None


@pytest.mark.django_db
def test_a_report_with_contact_details_reaches_the_coordinator_sealed(client, personas, unlocked_client_for):
    file_report(
        client,
        narrative="Contact-Report-Text",
        complainant_type="survivor",
        survivor_sex="female",
        contact_method="phone",
        reporter_name="Mariam-Egret",
        reporter_contact="+223 66 55 44 33",
        involves_child="on",
    )

    complaint = Complaint.objects.get()
    assert (complaint.complainant_type, complaint.contact_method, complaint.involves_child) == (
        "survivor",
        "phone",
        True,
    )
    assert Survivor.objects.get(complaint=complaint).sex == "female"
    assert b"Mariam-Egret" not in bytes(complaint.sealed)
    page = text(unlocked_client_for(personas.coordinator).get(f"/cases/{complaint.public_id}/"))
    for shown in ("Contact-Report-Text", "Mariam-Egret", "+223 66 55 44 33"):
        assert shown in page


@pytest.mark.django_db
def test_asking_to_be_called_needs_a_number(client, personas):
    response = post_report(client, report_data(contact_method="phone", reporter_contact=""))

    assert response.status_code == 200
    assert "Give a phone number or e-mail address so we can contact you." in text(response)
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_the_report_is_in_the_reporters_language(client, personas):
    client.cookies["pseahub_language"] = "fr"

    file_report(client)

    assert Complaint.objects.get().language == "fr"


@pytest.mark.django_db
def test_a_filled_honeypot_files_nothing(client, personas):
    response = post_report(client, report_data(website="http://spam.example"))

    assert response.status_code == 400
    assert 'id="receipt"' not in response.content.decode()
    assert not Complaint.objects.exists()
    assert not Keyring.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.COMPLAINT_CREATED).exists()


@pytest.mark.django_db
def test_a_post_without_the_csrf_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)

    response = post_report(client, report_data())

    assert response.status_code == 403
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_the_form_with_its_token_works_with_csrf_checks_on(personas):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/report").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = post_report(client, report_data(csrfmiddlewaretoken=token))

    assert response.status_code == 200
    assert Complaint.objects.count() == 1
