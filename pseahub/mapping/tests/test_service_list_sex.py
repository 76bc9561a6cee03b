"""service_list(sex=...): female / male keep the services for everyone and for that sex; unknown keeps all."""

import pytest

from pseahub.mapping.models import SexServed
from pseahub.mapping.selectors import service_list
from pseahub.mapping.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    ServiceFactory(name="Everyone", sex_served=SexServed.ALL)
    ServiceFactory(name="Women and girls", sex_served=SexServed.FEMALE)
    ServiceFactory(name="Men and boys", sex_served=SexServed.MALE)


def _names(**filters) -> set[str]:
    return set(service_list(**filters).values_list("name", flat=True))


def test_a_female_survivor_gets_services_for_everyone_and_for_women(services):
    assert _names(sex="female") == {"Everyone", "Women and girls"}


def test_a_male_survivor_gets_services_for_everyone_and_for_men(services):
    assert _names(sex="male") == {"Everyone", "Men and boys"}


@pytest.mark.parametrize("sex", [None, "", "unknown", "other"])
def test_an_unknown_sex_keeps_every_service(services, sex):
    assert _names(sex=sex) == {"Everyone", "Women and girls", "Men and boys"}
