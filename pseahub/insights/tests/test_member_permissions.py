"""Who opens the pages of members' own figures: focal points their own organisation's returns only (a focal point
of org_b can neither see nor submit org_a's); the coordinator and the co-chairs the overview and each return's
history. Everyone else is refused, and nobody signed out gets in."""

from __future__ import annotations

import pytest

from pseahub.insights.members import Quarter, member_return_submit
from pseahub.insights.models import MemberReturn, MemberReturnVersion

from .member_helpers import PAST, THREE, form_data

pytestmark = pytest.mark.django_db

EVERYONE = [
    "coordinator", "focal_point_a", "focal_point_b", "provider", "operator", "analyst", "leadership", "co_chair",
    "donor", "admin", "no_role",
]  # fmt: skip
FOCAL_POINTS = ["focal_point_a", "focal_point_b"]
OVERVIEW_READERS = ["coordinator", "co_chair"]


@pytest.fixture
def submitted(personas):
    return member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=Quarter(*PAST), counts=THREE
    ).version.member_return


def _paths(personas, member_return) -> dict[str, str]:
    return {
        "list": "/insights/members/",
        "return": f"/insights/members/{personas.org_a.public_id}/{PAST[0]}/{PAST[1]}/",
        "overview": "/insights/members/overview/",
        "history": f"/insights/members/returns/{member_return.public_id}/",
    }


ALLOWED = {"list": FOCAL_POINTS, "return": ["focal_point_a"], "overview": OVERVIEW_READERS, "history": OVERVIEW_READERS}


@pytest.mark.parametrize("page", list(ALLOWED))
def test_signed_out_visitors_are_sent_to_sign_in(client, personas, submitted, page):
    response = client.get(_paths(personas, submitted)[page])
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("page", "persona"), [(page, persona) for page, who in ALLOWED.items() for persona in who])
def test_each_page_opens_for_those_who_may(personas, client_for, submitted, page, persona):
    assert client_for(getattr(personas, persona)).get(_paths(personas, submitted)[page]).status_code == 200


@pytest.mark.parametrize(
    ("page", "persona"),
    [(page, persona) for page, who in ALLOWED.items() for persona in EVERYONE if persona not in [*who, *FOCAL_POINTS]],
)
def test_each_page_is_refused_to_every_other_role(personas, client_for, submitted, page, persona):
    assert client_for(getattr(personas, persona)).get(_paths(personas, submitted)[page]).status_code == 403


@pytest.mark.parametrize("page", ["overview", "history"])
@pytest.mark.parametrize("persona", FOCAL_POINTS)
def test_focal_points_do_not_see_the_overview_or_the_history(personas, client_for, submitted, page, persona):
    assert client_for(getattr(personas, persona)).get(_paths(personas, submitted)[page]).status_code == 403


def test_a_focal_point_of_another_organisation_can_neither_see_nor_submit_its_return(personas, client_for, submitted):
    path = _paths(personas, submitted)["return"]
    client = client_for(personas.focal_point_b)
    assert client.get(path).status_code == 404
    changed = form_data(THREE)
    changed["victim_type__man"] = 1
    assert client.post(path, changed).status_code == 404
    assert MemberReturnVersion.objects.count() == 1
    listing = client.get("/insights/members/").content.decode()
    assert str(personas.org_a.public_id) not in listing and "Alpha Relief" not in listing


def test_the_list_names_only_the_focal_point_s_own_organisation(personas, client_for, submitted):
    page = client_for(personas.focal_point_a).get("/insights/members/").content.decode()
    assert "Alpha Relief" in page and "Beta Aid" not in page


def test_a_focal_point_of_a_non_member_organisation_submits_nothing(personas, client_for):
    personas.org_a.is_member = False
    personas.org_a.save()
    client = client_for(personas.focal_point_a)
    path = f"/insights/members/{personas.org_a.public_id}/{PAST[0]}/{PAST[1]}/"
    assert client.get(path).status_code == 404
    assert client.post(path, form_data(THREE)).status_code == 404
    assert MemberReturn.objects.count() == 0
    assert "active member" in client.get("/insights/members/").content.decode()
