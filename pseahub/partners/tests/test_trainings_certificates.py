"""Certificates: only for a named participant who completed the session, in the participant's language (Arabic
right to left), a PDF whose first page is not blank; the download writes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pseahub.audit.models import AuditEvent
from pseahub.insights.tests.helpers import first_page, ink, pdf_fonts, pdf_text
from pseahub.partners.trainings import certificate_html

from .trainings_helpers import add_participant, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(personas):
    made = make_session(personas.coordinator, personas.org_a)
    add_participant(personas.coordinator, made, personas.org_a, name_consent=True, name="Awa Traoré", language="fr")
    add_participant(personas.coordinator, made, personas.org_a, name_consent=True, name="Fatima", language="ar")
    add_participant(personas.coordinator, made, personas.org_a, name_consent=True, name="Absent", completed=False)
    add_participant(personas.coordinator, made, personas.org_b)  # no name
    return made


def _url(session, participant):
    return reverse("partners:training_certificate", args=[session.public_id, participant.public_id])


def test_a_named_participant_who_completed_gets_a_pdf_in_its_language(personas, client_for, session, tmp_path):
    client = client_for(personas.coordinator)
    awa = session.participants.get(name="Awa Traoré")
    before = AuditEvent.objects.count()
    response = client.get(_url(session, awa))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert ink(first_page(pdf, tmp_path)) > 0.01
    text = pdf_text(pdf, tmp_path)
    assert "Awa Traoré" in text and "Sévaré" in text
    assert "DejaVu" in pdf_fonts(pdf, tmp_path)
    assert AuditEvent.objects.count() == before  # a GET writes nothing


def test_the_arabic_certificate_is_right_to_left(personas, client_for, session, tmp_path):
    client = client_for(personas.coordinator)
    response = client.get(_url(session, session.participants.get(name="Fatima")))
    assert response.status_code == 200
    assert ink(first_page(response.content, tmp_path)) > 0.01
    assert "DejaVu" in pdf_fonts(response.content, tmp_path)
    fatima = session.participants.get(name="Fatima")
    assert '<html lang="ar" dir="rtl">' in certificate_html(fatima)
    assert '<html lang="fr" dir="ltr">' in certificate_html(session.participants.get(name="Awa Traoré"))


def test_no_certificate_without_a_name_or_without_completion(personas, client_for, session):
    client = client_for(personas.coordinator)
    for participant in session.participants.exclude(name__in=["Awa Traoré", "Fatima"]):
        assert client.get(_url(session, participant)).status_code == 404
    page = client.get(reverse("partners:training", args=[session.public_id])).content.decode()
    assert page.count("Certificate (PDF") == 2
