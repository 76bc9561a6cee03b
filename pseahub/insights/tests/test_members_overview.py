"""The coordinator's view of a quarter: every active member organisation, submitted or not, when, by whom, how
many versions; who has not submitted; the history of each return."""

from __future__ import annotations

import copy
import html
import re

import pytest
import time_machine

from pseahub.insights.members import Quarter, member_return_submit, quarter_missing, quarter_returns
from pseahub.network.tests.factories import OrganisationFactory

from .member_helpers import PAST, THREE

pytestmark = pytest.mark.django_db

QUARTER = Quarter(*PAST)


@pytest.fixture
def quarter_with_returns(personas):
    """ALPHA submitted and corrected; BETA did not; a non-member and an inactive member are not expected to."""
    OrganisationFactory(name="Gamma Transport", acronym="GAMMA", is_member=False)
    OrganisationFactory(name="Delta Old", acronym="DELTA", is_active=False)
    member_return_submit(actor=personas.focal_point_a, organisation=personas.org_a, quarter=QUARTER, counts=THREE)
    corrected = copy.deepcopy(THREE)
    corrected["victim_type"]["unknown"] = 1
    member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=QUARTER, counts=corrected,
        note="A survivor of unknown age added.",
    )  # fmt: skip
    # BETA reported another quarter only.
    member_return_submit(
        actor=personas.focal_point_b, organisation=personas.org_b, quarter=QUARTER.previous(), counts=THREE
    )
    return personas


def test_the_organisations_that_have_not_submitted_are_the_active_members_without_a_return(quarter_with_returns):
    assert quarter_missing(QUARTER) == [quarter_with_returns.org_b]
    assert quarter_missing(QUARTER.previous()) == [quarter_with_returns.org_a]
    rows = {row.organisation.acronym: row for row in quarter_returns(QUARTER)}
    assert set(rows) == {"ALPHA", "BETA"}
    assert rows["ALPHA"].versions == 2 and rows["ALPHA"].current.number == 2
    assert rows["BETA"].versions == 0 and rows["BETA"].current is None


def test_the_overview_shows_who_submitted_when_and_who_has_not(quarter_with_returns, client_for):
    personas = quarter_with_returns
    response = client_for(personas.coordinator).get("/insights/members/overview/?year=2025&quarter=2")
    page = html.unescape(response.content.decode())
    assert "1 of 2 member organisations have submitted figures for Q2 2025." in page
    assert re.search(r"Not submitted:</strong> BETA</p>", page)
    alpha = re.search(r'<tr>\s*<th scope="row">Alpha Relief \(ALPHA\)</th>.*?</tr>', page, re.S).group(0)
    assert ">Submitted<" in alpha and personas.focal_point_a.display_name in alpha
    assert '<td data-label="Versions">2</td>' in alpha
    member_return = quarter_returns(QUARTER)[0].member_return
    assert f'href="/insights/members/returns/{member_return.public_id}/"' in alpha
    beta = re.search(r'<tr>\s*<th scope="row">Beta Aid \(BETA\)</th>.*?</tr>', page, re.S).group(0)
    assert "Not submitted" in beta and "/insights/members/returns/" not in beta
    assert "Gamma" not in page and "Delta" not in page


def test_the_history_of_a_return_lists_every_version_with_its_note(quarter_with_returns, client_for):
    member_return = quarter_returns(QUARTER)[0].member_return
    page = html.unescape(
        client_for(quarter_with_returns.co_chair)
        .get(f"/insights/members/returns/{member_return.public_id}/")
        .content.decode()
    )
    assert "Alpha Relief (ALPHA)'s figures for Q2 2025" in page
    assert "A survivor of unknown age added." in page
    survivors = re.search(r'<table id="table-versions-victim_type">.*?</table>', page, re.S).group(0)
    assert re.search(r"Version 2</th><th scope=\"col\">Version 1</th>", survivors)
    assert re.search(r'<th scope="row">Unknown</th><td>1</td><td>0</td>', survivors)
    assert re.search(r'<th scope="row">Total</th><td>5</td><td>4</td>', survivors)


@time_machine.travel("2026-05-20 12:00 +0000", tick=False)
def test_the_overview_shows_the_last_complete_quarter_unless_another_is_chosen(personas, client_for):
    client = client_for(personas.coordinator)
    assert "<h2>Q1 2026</h2>" in client.get("/insights/members/overview/").content.decode()
    assert "<h2>Q3 2025</h2>" in client.get("/insights/members/overview/?year=2025&quarter=3").content.decode()
    future = client.get("/insights/members/overview/?year=2026&quarter=4")
    assert future.status_code == 200 and "This quarter has not begun yet." in future.content.decode()
