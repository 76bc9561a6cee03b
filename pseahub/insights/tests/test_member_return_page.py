"""A focal point's page for one quarter: the form (the current figures filled in), errors shown beside the fields
and tables they concern, a POST that stores a version and redirects, and the same POST again storing nothing."""

from __future__ import annotations

import html
import re

import pytest
import time_machine

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.insights.members import Quarter, member_return_submit
from pseahub.insights.models import MemberReturnVersion

from .member_helpers import PAST, THREE, figures, form_data

pytestmark = pytest.mark.django_db


def _path(organisation, year: int = PAST[0], quarter: int = PAST[1]) -> str:
    return f"/insights/members/{organisation.public_id}/{year}/{quarter}/"


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _field_block(page: str, name: str) -> str:
    """The markup of one field: its label, input and errors (up to the next field)."""
    match = re.search(rf'<div class="field">\s*<label for="id_{name}">.*?</div>', page, re.S)
    assert match, f"no field {name}"
    return match.group(0)


def test_a_submission_stores_version_1_and_redirects_to_the_page(personas, client_for):
    client = client_for(personas.focal_point_a)
    response = client.post(_path(personas.org_a), form_data(THREE))
    assert response.status_code == 302 and response["Location"] == _path(personas.org_a)
    [version] = MemberReturnVersion.objects.all()
    assert version.counts == THREE and version.submitted_by == personas.focal_point_a
    page = _page(client.get(response["Location"]))
    assert "Your figures for Q2 2025 are submitted." in page
    assert "The figures on record are version 1" in page
    assert 'name="sea_group__SE" value="2"' in page, "the form shows the figures on record"


def test_the_same_post_twice_makes_one_version(personas, client_for):
    client = client_for(personas.focal_point_a)
    first = client.post(_path(personas.org_a), form_data(THREE))
    second = client.post(_path(personas.org_a), form_data(THREE), follow=True)
    assert first.status_code == 302 and second.redirect_chain[0][1] == 302
    assert MemberReturnVersion.objects.count() == 1
    assert "Nothing changed: these are the figures on record already." in _page(second)


def test_a_correction_is_a_new_version_listed_with_its_note(personas, client_for):
    member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=Quarter(*PAST), counts=THREE
    )
    client = client_for(personas.focal_point_a)
    corrected = form_data(THREE, note="A boy's case was counted twice.")
    corrected["victim_type__boy"] = 0
    page = _page(client.post(_path(personas.org_a), corrected, follow=True))
    assert "Your corrected figures for Q2 2025 are version 2." in page
    assert [v.number for v in MemberReturnVersion.objects.order_by("number")] == [1, 2]
    assert "A boy's case was counted twice." in page
    assert "Version 2" in page and "Version 1" in page


def test_a_negative_or_missing_count_is_shown_beside_its_field(personas, client_for):
    data = form_data(THREE)
    data["victim_type__girl"] = "-1"
    data["status__open"] = ""
    response = client_for(personas.focal_point_a).post(_path(personas.org_a), data)
    assert response.status_code == 200
    page = _page(response)
    assert "Counts cannot be negative." in _field_block(page, "victim_type__girl")
    assert "Give a number (0 when there is none)." in _field_block(page, "status__open")
    assert "Counts cannot be negative." not in _field_block(page, "victim_type__woman")
    assert MemberReturnVersion.objects.count() == 0


def test_totals_that_do_not_agree_are_shown_in_the_table_they_concern(personas, client_for):
    data = form_data(figures(sea={"SE": 3}, entity={"un_agency": 2}, victims={"woman": 3}, status={"open": 3}))
    response = client_for(personas.focal_point_a).post(_path(personas.org_a), data)
    assert response.status_code == 200
    page = _page(response)
    fieldset = re.search(r'<fieldset id="group-entity_type".*?</fieldset>', page, re.S).group(0)
    assert 'aria-describedby="group-entity_type-error"' in fieldset
    assert 'id="group-entity_type-error"' in fieldset
    assert "The allegations by entity type add up to 2, but the allegations by type to 3" in fieldset
    status = re.search(r'<fieldset id="group-status".*?</fieldset>', page, re.S).group(0)
    assert "errorlist" not in status
    assert 'role="alert"' in page
    assert MemberReturnVersion.objects.count() == 0


def test_the_form_says_to_write_no_case_details(personas, client_for):
    page = _page(client_for(personas.focal_point_a).get(_path(personas.org_a)))
    assert "No names, places, dates or other details of a case." in page
    assert "Leave out the complaints the network referred to you through the platform" in page


@time_machine.travel("2026-05-20 12:00 +0000", tick=False)
def test_the_current_quarter_opens_and_a_future_one_does_not(personas, client_for):
    client = client_for(personas.focal_point_a)
    assert client.get(_path(personas.org_a, 2026, 2)).status_code == 200
    assert client.get(_path(personas.org_a, 2026, 3)).status_code == 404
    assert client.post(_path(personas.org_a, 2026, 3), form_data(THREE)).status_code == 404
    assert client.get(_path(personas.org_a, 2026, 5)).status_code == 404
    assert MemberReturnVersion.objects.count() == 0


@time_machine.travel("2026-05-20 12:00 +0000", tick=False)
def test_the_list_shows_each_quarter_and_what_was_submitted(personas, client_for):
    member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=Quarter(2026, 1), counts=THREE
    )
    member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=Quarter(2023, 4), counts=THREE
    )
    page = _page(client_for(personas.focal_point_a).get("/insights/members/"))
    quarters = re.findall(r'<th scope="row">(Q\d \d{4})</th>', page)
    assert quarters[:8] == ["Q2 2026", "Q1 2026", "Q4 2025", "Q3 2025", "Q2 2025", "Q1 2025", "Q4 2024", "Q3 2024"]
    assert quarters[8:] == ["Q4 2023"], "an older quarter with a return is listed too"
    assert "Submit Q2 2026" in page and "See or correct Q1 2026" in page
    assert f'href="{_path(personas.org_a, 2026, 1)}"' in page


def test_a_focal_point_of_two_organisations_finds_both(personas, client_for):
    role_grant(actor=None, user=personas.focal_point_a, role=Role.FOCAL_POINT, organisation=personas.org_b)
    client = client_for(personas.focal_point_a)
    page = _page(client.get("/insights/members/"))
    assert "Alpha Relief" in page and "Beta Aid" in page
    assert client.post(_path(personas.org_b), form_data(THREE)).status_code == 302
    assert MemberReturnVersion.objects.get().member_return.organisation == personas.org_b
