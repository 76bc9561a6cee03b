"""Every kind of row error is reported with its row, column and reason, and blocks the whole import (as the tracker
import's dry run does): unknown organisation, unknown area, bad type, bad flag, min > max age, the same row twice,
a bad e-mail address, a service name the provider uses for another type."""

import re

import pytest

from pseahub.mapping.models import FeedbackMechanism, Service, ServiceType
from pseahub.mapping.tests.factories import ServiceFactory, mali_areas
from pseahub.mapping.tests.sheets import (
    MECHANISM_HEADER,
    SERVICE_HEADER,
    csv_bytes,
    dry_run,
    mechanism_row,
    service_row,
)

pytestmark = pytest.mark.django_db


def _errors(response) -> list[tuple[str, str, str]]:
    """(row, column, why) of each line of the error table."""
    page = response.content.decode()
    found = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>[^<]*</td><td>([^<]*)</td></tr>", page)
    return [(row, column, why) for row, column, why in found]


def _check(client, kind, sheet):
    response = dry_run(client, kind, sheet)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="token"' not in page and "Nothing can be imported" in page
    return _errors(response)


def test_each_bad_mechanism_row_is_reported_and_nothing_can_be_imported(personas, client_for):
    mali_areas()
    sheet = csv_bytes(
        MECHANISM_HEADER,
        mechanism_row(),  # row 2: fine
        mechanism_row(Organisation="Nobody", Name="A"),  # row 3
        mechanism_row(Areas="ML05; Atlantis", Name="B"),  # row 4
        mechanism_row(Name="C", **{"Mechanism type": "Carrier pigeon"}),  # row 5
        mechanism_row(Name="D", **{"Staff trained on SEA intake": "perhaps"}),  # row 6
        mechanism_row(),  # row 7: row 2 again
        mechanism_row(Name="E", Areas=""),  # row 8
        mechanism_row(Name="F", Languages="Klingon"),  # row 9
    )
    errors = _check(client_for(personas.coordinator), "mechanisms", sheet)
    assert ("3", "Organisation", "Unknown organisation: give the acronym or name of an active member.") in errors
    assert any(row == "4" and column == "Areas" and why.startswith("Unknown area") for row, column, why in errors)
    assert any(row == "5" and column == "Mechanism type" and "Unknown value" in why for row, column, why in errors)
    assert ("6", "Staff trained on SEA intake", "Expected yes or no.") in errors
    assert ("7", "Name", "The same organisation, type and name as row 2.") in errors
    assert ("8", "Areas", "Give at least one area (a p-code or a name).") in errors
    assert any(row == "9" and column == "Languages" for row, column, why in errors)
    assert "2" not in {row for row, _column, _why in errors}
    assert FeedbackMechanism.objects.count() == 0


def test_each_bad_service_row_is_reported(personas, client_for):
    areas = mali_areas()
    ServiceFactory(provider=personas.org_a, name="Clinique", type=ServiceType.LEGAL, areas=[areas["ML05"]])
    sheet = csv_bytes(
        SERVICE_HEADER,
        service_row(**{"Minimum age": "18", "Maximum age": "12"}),  # row 2
        service_row(**{"Service name": "Clinique"}),  # row 3: the name of a legal service
        service_row(**{"Service name": "X", "What (type of assistance)": "Haircut"}),  # row 4
        service_row(**{"Service name": "Y", "Minimum age": "two"}),  # row 5
        service_row(**{"Service name": "Z", "Where: admin 2": "Nowhere"}),  # row 6
    )
    errors = _check(client_for(personas.coordinator), "services", sheet)
    assert ("2", "Maximum age", "The maximum age is below the minimum age.") in errors
    assert any(row == "3" and column == "Service name" for row, column, _why in errors)
    assert any(row == "4" and column == "What (type of assistance)" for row, column, _why in errors)
    assert ("5", "Minimum age", "Expected a number.") in errors
    assert any(row == "6" and column == "Where: admin 2" for row, column, _why in errors)
    assert Service.objects.count() == 1


def test_a_bad_e_mail_address_is_a_row_error(personas, client_for):
    mali_areas()
    header = [*SERVICE_HEADER, "E-mail"]
    sheet = csv_bytes(header, [*service_row(), "not-an-address"])
    errors = _check(client_for(personas.coordinator), "services", sheet)
    assert [(row, column) for row, column, _why in errors] == [("2", "E-mail")]
