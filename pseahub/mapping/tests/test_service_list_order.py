"""service_list: by type in the order of ServiceType (health first, other last), then by name."""

import pytest

from pseahub.mapping.models import ServiceType
from pseahub.mapping.selectors import service_list
from pseahub.mapping.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_it_orders_by_type_then_name():
    ServiceFactory(name="Z other", type=ServiceType.OTHER)
    ServiceFactory(name="B health", type=ServiceType.HEALTH)
    ServiceFactory(name="A child protection", type=ServiceType.CHILD_PROTECTION)
    ServiceFactory(name="A health", type=ServiceType.HEALTH)
    ServiceFactory(name="A legal", type=ServiceType.LEGAL)

    assert list(service_list().values_list("name", flat=True)) == [
        "A health",
        "B health",
        "A legal",
        "A child protection",
        "Z other",
    ]


def test_it_filters_by_type():
    ServiceFactory(name="Clinic", type=ServiceType.HEALTH)
    ServiceFactory(name="Lawyers", type=ServiceType.LEGAL)

    assert list(service_list(service_type=ServiceType.LEGAL).values_list("name", flat=True)) == ["Lawyers"]
