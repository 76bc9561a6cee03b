"""GET /intake/fieldform.xlsx: the XLSForm for coordinators and operators only."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

URL = "/intake/fieldform.xlsx"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator", "operator"])
def test_coordinators_and_operators_get_the_workbook(personas, client_for, name):
    response = client_for(getattr(personas, name)).get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="pseahub_intake.xlsx"'
    assert "no-store" in response["Cache-Control"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["survey", "choices", "settings"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["focal_point_a", "provider", "analyst", "admin", "no_role"])
def test_other_roles_are_refused(personas, client_for, name):
    assert client_for(getattr(personas, name)).get(URL).status_code == 403
