"""service_list: inactive services, and services of inactive providers, only with include_inactive."""

import pytest

from pseahub.mapping.selectors import service_list
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    ServiceFactory(name="Open")
    ServiceFactory(name="Closed", is_active=False)
    ServiceFactory(name="Provider gone", provider=OrganisationFactory(is_active=False))


def test_it_leaves_out_inactive_services_and_providers(services):
    assert list(service_list().values_list("name", flat=True)) == ["Open"]


def test_include_inactive_lists_them_all(services):
    assert set(service_list(include_inactive=True).values_list("name", flat=True)) == {
        "Open",
        "Closed",
        "Provider gone",
    }
