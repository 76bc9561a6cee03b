"""The directory works on a poor connection: with 20 services, 10 mechanisms and 10 focal points, the page is at
most 14 KB compressed (gzip), in English, French and Arabic."""

import gzip

import pytest

from pseahub.mapping.tests.directory_data import directory_world

pytestmark = pytest.mark.django_db

LIMIT = 14 * 1024


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_page_weighs_at_most_14_kb_compressed(client, language):
    directory_world()

    response = client.get("/directory/", headers={"accept-language": language})

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert b"Centre de prise en charge 19" in response.content  # everything is there
    assert len(gzip.compress(response.content)) <= LIMIT


def test_the_page_needs_no_javascript(client):
    directory_world()

    page = client.get("/directory/").content.decode()

    assert "<script" not in page
    assert '<form method="get" action="/directory/"' in page
