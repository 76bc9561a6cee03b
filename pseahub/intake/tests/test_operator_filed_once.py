"""The operator's intake form files once too: the receipt to read out is shown once, after a redirect, and a
resubmitted form saves nothing. Only operators and coordinators open the receipt page."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Complaint
from pseahub.cases.tests.helpers import receipt_on_page, text

from .helpers import form_token, report_data

URL = "/intake/operator/"
RECEIPT_URL = "/intake/operator/receipt"


def _operator_data():
    return report_data(channel="hotline", language="en", consent_given_by="survivor")


@pytest.mark.django_db
def test_the_operator_sees_the_receipt_once_and_a_resubmission_saves_nothing(personas, client_for):
    operator = client_for(personas.operator)
    token = form_token(operator, URL)

    first = operator.post(URL, {**_operator_data(), "form_token": token})
    second = operator.post(URL, {**_operator_data(), "form_token": token})

    assert first.status_code == second.status_code == 302
    assert first["Location"] == RECEIPT_URL
    shown = operator.get(RECEIPT_URL)
    complaint = Complaint.objects.get()
    assert len(receipt_on_page(shown)) == 16
    assert complaint.reference in text(shown)
    again = operator.get(RECEIPT_URL)
    assert 'id="receipt"' not in again.content.decode()
    assert "This complaint was already saved." in text(again)
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_the_operator_form_without_a_token_saves_nothing_and_keeps_the_words(personas, client_for):
    operator = client_for(personas.operator)

    response = operator.post(URL, {**_operator_data(), "narrative": "Caller-Words-Kept"})

    assert response.status_code == 400
    assert "this form has expired or was changed" in text(response)
    assert "Caller-Words-Kept" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["focal_point_a", "provider", "analyst", "admin", "no_role"])
def test_the_receipt_page_is_forbidden_to_other_roles(personas, client_for, name):
    assert client_for(getattr(personas, name)).get(RECEIPT_URL).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(RECEIPT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
