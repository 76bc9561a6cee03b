"""service_list(age_group=...): services whose [min_age, max_age] overlaps the age group's range."""

import pytest

from pseahub.cases.models import Term, Vocabulary
from pseahub.mapping.selectors import age_group_bounds, service_list
from pseahub.mapping.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    ServiceFactory(name="All ages")
    ServiceFactory(name="Children", max_age=17)
    ServiceFactory(name="Adolescents", min_age=12, max_age=17)
    ServiceFactory(name="Adults", min_age=18)
    ServiceFactory(name="Working age", min_age=18, max_age=59)


def _names(**filters) -> set[str]:
    return set(service_list(**filters).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("0-11", {"All ages", "Children"}),
        ("12-17", {"All ages", "Children", "Adolescents"}),
        ("18-25", {"All ages", "Adults", "Working age"}),
        ("41-60", {"All ages", "Adults", "Working age"}),
        ("61+", {"All ages", "Adults"}),
        ("unknown", {"All ages", "Children", "Adolescents", "Adults", "Working age"}),
    ],
)
def test_it_keeps_the_services_whose_ages_overlap_the_group(services, code, expected):
    term = Term.objects.get(vocabulary=Vocabulary.AGE_GROUP, code=code)

    assert _names(age_group=term) == expected


def test_it_takes_the_group_code_as_well(services):
    assert _names(age_group="12-17") == {"All ages", "Children", "Adolescents"}


def test_no_age_group_keeps_every_service(services):
    assert len(_names(age_group=None)) == 5


def test_the_bounds_of_the_seeded_groups():
    assert age_group_bounds("0-11") == (0, 11)
    assert age_group_bounds("61+") == (61, None)
    assert age_group_bounds("unknown") is None
