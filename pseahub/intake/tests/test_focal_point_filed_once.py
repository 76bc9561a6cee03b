"""The focal point's form files once, as the operator's: the receipt to hand over is shown once after a redirect, a
resubmitted form saves nothing, and a token of another form (the operator's) is refused."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.cases.models import Complaint
from pseahub.cases.tests.helpers import receipt_on_page, text

from .helpers import form_token
from .staff_helpers import focal_point_data

URL = "/intake/focal-point/"
RECEIPT_URL = "/intake/focal-point/receipt"


@pytest.mark.django_db
def test_the_receipt_is_shown_once_and_a_resubmission_saves_nothing(personas, client_for):
    client = client_for(personas.focal_point_a)
    token = form_token(client, URL)

    first = client.post(URL, {**focal_point_data(), "form_token": token})
    second = client.post(URL, {**focal_point_data(), "form_token": token})

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == RECEIPT_URL
    shown = client.get(RECEIPT_URL)
    assert len(receipt_on_page(shown)) == 16
    assert Complaint.objects.get().reference in text(shown)
    assert f'href="{URL}"' in shown.content.decode()  # "Next complaint" opens the focal point's form again
    again = client.get(RECEIPT_URL)
    assert 'id="receipt"' not in again.content.decode()
    assert "This complaint was already saved." in text(again)
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_the_operator_forms_token_is_refused_and_the_words_kept(personas, client_for):
    role_grant(actor=None, user=personas.operator, role=Role.FOCAL_POINT, organisation=personas.org_a)
    client = client_for(personas.operator)
    token = form_token(client, "/intake/operator/")

    response = client.post(URL, {**focal_point_data(narrative="Words-Kept-5521"), "form_token": token})

    assert response.status_code == 400
    assert "this form has expired or was changed" in text(response)
    assert "Words-Kept-5521" in response.content.decode()
    assert not Complaint.objects.exists()
