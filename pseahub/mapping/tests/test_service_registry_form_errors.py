"""The services registry form shows each error beside its field, and keeps what was typed."""

import re

import pytest
from django.urls import reverse

from pseahub.mapping.models import Service
from pseahub.mapping.tests.factories import mali_areas, service_post

pytestmark = pytest.mark.django_db


def _error_of(page: str, field: str) -> str:
    """The error list rendered with ``field`` (``_field.html``)."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    return match.group(1) if match else ""


def test_errors_are_shown_beside_their_fields(personas, client_for):
    data = service_post(personas.org_a, [], name="", min_age="30", max_age="12", languages="fr, 12", contact_email="x")

    response = client_for(personas.provider).post(reverse("mapping:service_new"), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in _error_of(page, "name")
    assert "This field is required." in _error_of(page, "areas")
    assert "valid email" in _error_of(page, "contact_email")
    assert 'value="Route de Mopti"' in page
    assert not Service.objects.exists()


def test_the_writers_errors_come_back_beside_their_fields(personas, client_for):
    data = service_post(personas.org_a, [mali_areas()["ML05"]], min_age="30", max_age="12", languages="fr, 12")

    page = client_for(personas.provider).post(reverse("mapping:service_new"), data).content.decode()

    assert "The maximum age must not be below the minimum age." in _error_of(page, "max_age")
    assert not Service.objects.exists()
