"""Over-long fields, invalid or future dates and unknown vocabulary codes are form errors, in the reporter's
language, and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pseahub.cases.models import Complaint
from pseahub.cases.tests.helpers import text
from pseahub.vault.models import Keyring

from .helpers import post_report, report_data

ENGLISH = {
    "long": "Ensure this value has at most 10000 characters (it has 10001).",
    "date": "Enter a valid date.",
    "choice": "Select a valid choice. That choice is not one of the available choices.",
    "bogus_choice": "Select a valid choice. bogus is not one of the available choices.",
    "required": "This field is required.",
}
FRENCH = {
    "long": "Assurez-vous que cette valeur comporte au plus 10000 caractères (actuellement 10001).",
    "date": "Saisissez une date valide.",
    "choice": "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles.",
    "bogus_choice": "Sélectionnez un choix valide. bogus n\u2019en fait pas partie.",
    "required": "Ce champ est obligatoire.",
}
CASES = [
    ("long", {"narrative": "x" * 10001}),
    ("date", {"incident_date": "2025-02-30"}),
    ("date", {"incident_date": "yesterday"}),
    ("choice", {"survivor_age_group": "bogus"}),
    ("choice", {"perpetrator_category": "martian"}),
    ("choice", {"area": "999999"}),
    ("choice", {"organisation": "999999"}),
    ("bogus_choice", {"survivor_sex": "bogus"}),
    ("bogus_choice", {"contact_method": "bogus"}),
    ("required", {"narrative": ""}),
]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.INTAKE_REPORTS_PER_HOUR = 1000


def _nothing_saved():
    assert not Complaint.objects.exists()
    assert not Keyring.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("error", "bad"), CASES)
def test_bad_input_is_a_form_error_in_english(client, personas, error, bad):
    response = post_report(client, report_data(**bad))

    assert response.status_code == 200
    page = text(response)
    assert ENGLISH[error] in page
    assert "Please check the fields marked below." in page
    _nothing_saved()


@pytest.mark.django_db
@pytest.mark.parametrize(("error", "bad"), CASES)
def test_bad_input_is_a_form_error_in_french(client, personas, error, bad):
    client.cookies["pseahub_language"] = "fr"

    response = post_report(client, report_data(**bad))

    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()
    assert FRENCH[error] in text(response)
    _nothing_saved()


@pytest.mark.django_db
def test_a_date_in_the_future_is_refused(client, personas):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = post_report(client, report_data(incident_date=tomorrow.isoformat()))

    assert "The date cannot be in the future." in text(response)
    _nothing_saved()


@pytest.mark.django_db
def test_today_is_accepted(client, personas):
    response = post_report(client, report_data(incident_date=timezone.localdate().isoformat()))

    assert 'id="receipt"' in response.content.decode()
    assert Complaint.objects.get().incident_date == timezone.localdate()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("location_detail", 300),
        ("organisation_text", 200),
        ("perpetrator_description", 2000),
        ("reporter_name", 150),
        ("reporter_contact", 200),
    ],
)
def test_other_over_long_fields_are_refused(client, personas, field, limit):
    response = post_report(client, report_data(**{field: "y" * (limit + 1)}))

    assert f"Ensure this value has at most {limit} characters (it has {limit + 1})." in text(response)
    _nothing_saved()


@pytest.mark.django_db
def test_the_operator_form_reports_unknown_codes_too(personas, client_for):
    response = client_for(personas.operator).post(
        "/intake/operator/",
        report_data(channel="carrier-pigeon", language="xx", consent_given_by="survivor", survivor_age_group="bogus"),
    )

    page = text(response)
    assert "Select a valid choice. carrier-pigeon is not one of the available choices." in page
    assert "Select a valid choice. xx is not one of the available choices." in page
    assert ENGLISH["choice"] in page
    _nothing_saved()
