"""The directory costs a fixed number of queries, whatever the number of entries and whatever the filters."""

import pytest

from pseahub.mapping.tests.directory_data import directory_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", [{}, {"area": "ML0501"}, {"area": "ML07", "type": "legal"}])
def test_a_full_directory_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries, query):
    directory_world()

    # 12, one for the network's public documents and one for its public key messages (partners)
    with django_assert_max_num_queries(14):
        assert client.get("/directory/", query).status_code == 200
