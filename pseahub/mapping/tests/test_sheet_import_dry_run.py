"""The dry run reads every row and says what it would do; it writes nothing."""

import pytest

from pseahub.audit.models import AuditEvent
from pseahub.mapping.models import FeedbackMechanism, Service
from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.sheets import (
    MECHANISM_HEADER,
    SERVICE_HEADER,
    csv_bytes,
    dry_run,
    mechanism_row,
    service_row,
)

pytestmark = pytest.mark.django_db


def test_a_dry_run_of_mechanisms_creates_nothing_and_lists_each_row(personas, client_for):
    mali_areas()
    events = AuditEvent.objects.count()
    sheet = csv_bytes(
        MECHANISM_HEADER, mechanism_row(), mechanism_row(Name="Boîte Sévaré", **{"Mechanism type": "Suggestion box"})
    )
    response = dry_run(client_for(personas.coordinator), "mechanisms", sheet)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<dd id="count-new">2</dd>' in page
    assert "Ligne verte Mopti" in page and "Boîte Sévaré" in page
    assert 'name="token"' in page
    assert "Last verified → Last verified (not imported)" in page
    assert FeedbackMechanism.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_dry_run_of_services_creates_nothing(personas, client_for):
    mali_areas()
    response = dry_run(client_for(personas.coordinator), "services", csv_bytes(SERVICE_HEADER, service_row()))
    assert '<dd id="count-new">1</dd>' in response.content.decode()
    assert Service.objects.count() == 0


def test_a_file_without_a_needed_column_is_refused_by_name(personas, client_for):
    sheet = csv_bytes(["Organisation", "Name"], ["ALPHA", "Ligne verte"])
    response = dry_run(client_for(personas.coordinator), "mechanisms", sheet)
    assert response.status_code == 400
    assert "This file has no column for: Mechanism type, Areas" in response.content.decode()


def test_a_file_that_is_not_a_sheet_is_refused(personas, client_for):
    response = dry_run(client_for(personas.coordinator), "mechanisms", b"%PDF-1.4", filename="cfm.pdf")
    assert response.status_code == 400
    assert "Upload an Excel workbook" in response.content.decode()


def test_columns_the_sheet_does_not_know_are_listed_as_not_used(personas, client_for):
    mali_areas()
    sheet = csv_bytes([*MECHANISM_HEADER, "Donor"], [*mechanism_row(), "ECHO"])
    page = dry_run(client_for(personas.coordinator), "mechanisms", sheet).content.decode()
    assert 'id="columns-ignored">Columns not used: Donor' in page
