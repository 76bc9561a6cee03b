"""Where members' own figures are found: the header's "Quarterly figures" for focal points of active member
organisations; a line on the insights dashboard for the coordinator and the co-chairs."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HEADER_LINK = '<a href="/insights/members/">Quarterly figures</a>'
DASHBOARD_LINK = 'href="/insights/members/overview/"'


@pytest.mark.parametrize(("persona", "shown"), [
    ("focal_point_a", True), ("focal_point_b", True), ("coordinator", False), ("provider", False),
    ("analyst", False), ("co_chair", False),
])  # fmt: skip
def test_the_header_links_focal_points_to_their_quarterly_figures(personas, client_for, persona, shown):
    page = client_for(getattr(personas, persona)).get("/accounts/profile/").content.decode()
    assert (HEADER_LINK in page) is shown


def test_a_focal_point_of_a_non_member_organisation_has_no_link(personas, client_for):
    personas.org_a.is_member = False
    personas.org_a.save()
    assert HEADER_LINK not in client_for(personas.focal_point_a).get("/accounts/profile/").content.decode()


@pytest.mark.parametrize(("persona", "shown"), [
    ("coordinator", True), ("co_chair", True), ("leadership", False), ("analyst", False),
])  # fmt: skip
def test_the_dashboard_links_the_coordinator_and_co_chairs_to_the_overview(personas, client_for, persona, shown):
    page = client_for(getattr(personas, persona)).get("/insights/").content.decode()
    assert (DASHBOARD_LINK in page) is shown
