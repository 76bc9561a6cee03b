"""A focal point imports their own organisation's mechanisms only, a service provider its own services only: a
row of another organisation is a row error, and nothing of the file is imported."""

import pytest

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
REFUSED = "<td>3</td><td>{column}</td><td>BETA</td><td>You can only import your own organisation&#x27;s rows.</td>"


def test_a_focal_point_importing_another_organisations_mechanism_is_refused(personas, client_for):
    mali_areas()
    sheet = csv_bytes(MECHANISM_HEADER, mechanism_row(), mechanism_row(Organisation="BETA"))
    page = dry_run(client_for(personas.focal_point_a), "mechanisms", sheet).content.decode()
    assert REFUSED.format(column="Organisation") in page
    assert 'name="token"' not in page
    assert FeedbackMechanism.objects.count() == 0


def test_a_service_provider_importing_another_organisations_service_is_refused(personas, client_for):
    mali_areas()
    sheet = csv_bytes(SERVICE_HEADER, service_row(), service_row(**{"Who (organisation)": "BETA"}))
    page = dry_run(client_for(personas.provider), "services", sheet).content.decode()
    assert REFUSED.format(column="Who (organisation)") in page
    assert 'name="token"' not in page
    assert Service.objects.count() == 0


def test_the_coordinator_imports_any_organisations_rows(personas, client_for):
    mali_areas()
    sheet = csv_bytes(MECHANISM_HEADER, mechanism_row(), mechanism_row(Organisation="BETA"))
    page = dry_run(client_for(personas.coordinator), "mechanisms", sheet).content.decode()
    assert '<dd id="count-new">2</dd>' in page and 'name="token"' in page
