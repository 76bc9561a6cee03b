"""The dashboard's section "Members' own figures": the platform's figures, the members' returns and both
together in the categories members report, every column named by its source, published with the network's k;
and who has submitted for the quarters wholly inside the period, named only for coordinators and co-chairs."""

from __future__ import annotations

import csv
import io

import pytest

from pseahub.network.models import OrganisationType

from .member_records import PERIOD, member_quarter
from .member_tables import html_table
from .records import network_settings

pytestmark = pytest.mark.django_db

HEADER = ["On the platform", "Members' own figures", "Together"]


@pytest.fixture
def quarter(personas):
    network_settings(small_cell_k=2)
    return member_quarter(personas)


def _page(client, **query) -> str:
    response = client.get("/insights/", {**PERIOD, **query})
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str) -> str:
    return page.split('<section id="members"')[1].split('<p class="footnote">How figures are counted')[0]


def test_the_merged_tables_put_each_source_in_its_own_column_and_add_them(quarter, client_for):
    page = _page(client_for(quarter.leadership))
    assert '<a href="#members">Members&#x27; own figures</a>' in page
    section = _section(page)
    # Platform: SE 2 (ALPHA), SA 3 (BETA). ALPHA's corrected return: SE 4, SA 2.
    header, rows = html_table(section, "table-members-type")
    assert header == HEADER
    assert rows == [
        ["Sexual exploitation", "2", "4", "6"],
        ["Sexual abuse", "3", "2", "5"],
        ["Other", "0", "0", "0"],
        ["Unknown", "0", "0", "0"],
        ["Total", "5", "6", "11"],
    ]
    _header, rows = html_table(section, "table-members-entity-type")
    assert ["UN agency, fund or programme", "2", "6", "8"] in rows
    assert ["Implementing partner", "3", "0", "3"] in rows
    assert rows[-1] == ["Total", "5", "6", "11"]
    # Survivors: the platform's two consenting women (three girls left out), the members' 3 women and 2 girls.
    _header, rows = html_table(section, "table-members-victim-type")
    assert rows[:2] == [["Woman", "2", "3", "5"], ["Girl (under 18)", "0", "2", "2"]]
    assert rows[-1] == ["Total", "2", "5", "7"]
    assert "3 survivors left out: no statistics consent recorded." in section
    _header, rows = html_table(section, "table-members-status")
    assert rows == [["Open", "2", "2", "4"], ["Closed", "3", "4", "7"], ["Total", "5", "6", "11"]]
    assert "On the platform: Every allegation" in section and "Q1 2025 (1 return, the latest version" in section
    assert 'href="/insights/table/members-type.csv?start=2025-01-01&amp;end=2025-03-31"' in section


def test_the_merged_tables_are_suppressed_with_the_network_s_k(quarter, client_for):
    network_settings(small_cell_k=3)
    section = _section(_page(client_for(quarter.leadership)))
    # SE on the platform (2) and SA of the members (2) are small: with their row and column totals shown, the
    # other corner of each row and column goes too (a rectangle); the totals stay.
    _header, rows = html_table(section, "table-members-type")
    assert rows[:2] == [["Sexual exploitation", "*", "*", "6"], ["Sexual abuse", "*", "*", "5"]]
    assert rows[-1] == ["Total", "5", "6", "11"]
    # ALPHA on the platform (2): the only other non-zero cell of its column (BETA's 3) goes with it, and both
    # rows' totals, which would give each back; the members' column total 6 holds the members' 6 alone.
    _header, rows = html_table(section, "table-members-entity-type")
    assert ["UN agency, fund or programme", "*", "6", "*"] in rows
    assert ["Implementing partner", "*", "0", "*"] in rows
    assert rows[-1] == ["Total", "5", "6", "11"]
    _header, rows = html_table(section, "table-members-status")
    assert rows == [["Open", "*", "*", "4"], ["Closed", "*", "*", "7"], ["Total", "5", "6", "11"]]
    assert "* withheld: fewer than 3, or a count that would give one back." in section


@pytest.mark.parametrize("persona", ["coordinator", "co_chair"])
def test_coordinators_and_co_chairs_see_who_has_not_submitted(quarter, client_for, persona):
    section = _section(_page(client_for(getattr(quarter, persona))))
    # ALPHA and BETA are members; GOV is not, so it is not expected. BETA's Q2 return is outside the period.
    assert "Q1 2025: 1 of 2 member organisations have submitted figures. Not submitted: BETA." in section
    assert "GOV" not in section and "ALPHA" not in section


@pytest.mark.parametrize("persona", ["leadership", "analyst"])
def test_leadership_and_analysts_see_how_many_have_not_submitted_but_not_who(quarter, client_for, persona):
    page = _page(client_for(getattr(quarter, persona)))
    section = _section(page)
    assert "Q1 2025: 1 of 2 member organisations have submitted figures. 1 has not." in section
    for name in ("BETA", "Beta Aid", "ALPHA", "Alpha Relief"):
        assert name not in page


def test_only_the_quarters_wholly_inside_the_period_count_and_the_page_says_so(quarter, client_for):
    client = client_for(quarter.coordinator)
    # Mid-January to the end of June: Q1 is only partly in it, so ALPHA's Q1 return is left out; Q2 counts.
    section = _section(_page(client, start="2025-01-15", end="2025-06-30"))
    assert "Members' figures count only for the quarters wholly inside the period" in section
    assert "Q2 2025: 1 of 2 member organisations have submitted figures. Not submitted: ALPHA." in section
    assert "Q1 2025" not in section
    _header, rows = html_table(section, "table-members-type")
    # The platform's SE of 20 January (1) and SA of February (3); BETA's Q2 return (THREE: 2 SE, 1 SA). With
    # k = 2 the two 1s are withheld, and with them the other corners of their rows and columns.
    assert rows == [
        ["Sexual exploitation", "*", "*", "3"],
        ["Sexual abuse", "*", "*", "4"],
        ["Other", "0", "0", "0"],
        ["Unknown", "0", "0", "0"],
        ["Total", "4", "3", "7"],
    ]
    # Within one quarter, no whole quarter: nothing of the members counts, and the page says why.
    section = _section(_page(client, start="2025-02-01", end="2025-03-31"))
    assert "no whole quarter lies in this period: none are counted" in section
    _header, rows = html_table(section, "table-members-type")
    assert rows[-1] == ["Total", "3", "0", "3"]


def test_two_quarters_are_listed_latest_first(quarter, client_for):
    section = _section(_page(client_for(quarter.coordinator), start="2025-01-01", end="2025-06-30"))
    assert section.index("Q2 2025: 1 of 2") < section.index("Q1 2025: 1 of 2")
    assert "Q2 2025: 1 of 2 member organisations have submitted figures. Not submitted: ALPHA." in section


def test_the_organisation_type_filter_expects_members_of_that_type_only(quarter, client_for):
    section = _section(_page(client_for(quarter.coordinator), organisation_type=OrganisationType.INGO))
    assert "Q1 2025: 0 of 1 member organisation has submitted figures. Not submitted: BETA." in section
    _header, rows = html_table(section, "table-members-type")
    assert rows[-1] == ["Total", "3", "0", "3"], "the platform's BETA allegations; ALPHA's return is a UN agency's"


@pytest.mark.parametrize("persona", ["focal_point_a", "donor"])
def test_focal_points_and_donors_never_see_the_section(quarter, client_for, persona):
    client = client_for(getattr(quarter, persona))
    for path in ("/insights/", "/insights/table/members-type.csv"):
        response = client.get(path, PERIOD)
        assert response.status_code == 403
        assert b"BETA" not in response.content and b"Members&#x27; own figures" not in response.content


def test_a_merged_table_downloads_with_a_column_and_a_hashtag_per_source(quarter, client_for):
    response = client_for(quarter.analyst).get("/insights/table/members-type.hxl", PERIOD)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Code", "By type, the platform's and members' own figures", *HEADER]
    assert rows[1][:5] == [
        "#event+type+code", "#event+type+name", "#indicator+num+allegations+platform",
        "#indicator+num+allegations+members", "#indicator+num+allegations+total",
    ]  # fmt: skip
    assert rows[2][:5] == ["SE", "Sexual exploitation", "2", "4", "6"]
    assert rows[-1][:5] == ["total", "Total", "5", "6", "11"]
    assert "On the platform: Every allegation" in rows[-1][-1]
