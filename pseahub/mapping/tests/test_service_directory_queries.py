"""/directory/ costs the same number of queries for 2 services as for 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pseahub.mapping.models import ServiceType
from pseahub.mapping.tests.factories import ServiceFactory, mali_areas

pytestmark = pytest.mark.django_db


def _queries(client, query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/directory/", query).status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", [{}, {"area": "ML0501", "type": "health"}])
def test_the_query_count_does_not_grow_with_the_services(client, query):
    areas = mali_areas()
    for _ in range(2):
        ServiceFactory(type=ServiceType.HEALTH, areas=[areas["ML05"], areas["ML07"]])
    few = _queries(client, query)

    for _ in range(18):
        ServiceFactory(type=ServiceType.HEALTH, areas=[areas["ML05"], areas["MLI"]])
    many = _queries(client, query)

    assert many == few
    # filters, areas, settings, channels, mechanisms, focal points, services, the network's public documents and
    # key messages (each section its own)
    assert few <= 14
