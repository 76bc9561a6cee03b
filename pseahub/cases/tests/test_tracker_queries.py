"""The tracker and inbox pages make the same number of queries for 5 complaints as for 50 (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pseahub.cases.models import Vocabulary
from pseahub.cases.services import allegation_add
from pseahub.network.models import Area

from .helpers import file_complaint, term


def _fill(personas, count, area):
    for i in range(count):
        complaint = file_complaint(area=area, reported_organisation=personas.org_a if i % 2 else None)
        allegation_add(
            actor=personas.coordinator,
            complaint=complaint,
            organisation=personas.org_b,
            personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, "contractor"),
            sea_type=term(Vocabulary.SEA_TYPE, "rape"),
        )


def _queries(client, path):
    client.get(path)  # warm-up: session and per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/cases/", "/cases/inbox/"])
def test_the_query_count_does_not_grow_with_the_page(personas, client_for, path):
    area = Area.objects.create(pcode="ML01", name="Kayes", admin_level=1)
    client = client_for(personas.coordinator)
    _fill(personas, 5, area)
    few, response = _queries(client, path)
    assert response.content.count(b">PSEA-") == 5
    assert response.content.count(b"BETA</td>") == 5  # the allegations' organisations are on the page

    _fill(personas, 45, area)
    many, response = _queries(client, path)

    assert response.content.count(b">PSEA-") == 50
    assert response.content.count(b"BETA</td>") == 50
    assert many == few
