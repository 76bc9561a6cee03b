"""The figures of a period, the platform's and the members' own side by side (``members.merged_figures``), with
hand-computed expected tables: only the current version of each return counts, only quarters wholly inside the
period, and each source keeps its own column."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from pseahub.cases.models import Classification, Complaint, Status
from pseahub.cases.services import ComplaintInput, PerpetratorInput, SurvivorInput, complaint_create
from pseahub.cases.tests.helpers import term
from pseahub.insights.counting import Filters
from pseahub.insights.members import Quarter, member_figures, member_return_submit, merged_figures, quarters_within
from pseahub.network.models import Area, OrganisationType
from pseahub.tracker.tests.records import statistics

from .member_helpers import THREE, figures

pytestmark = pytest.mark.django_db

HALF_YEAR = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30))


def _complaint(received: dt.date, **fields) -> Complaint:
    data = ComplaintInput(channel="hotline", received_at=dt.datetime.combine(received, dt.time(9), dt.UTC), **fields)
    complaint = complaint_create(actor=None, data=data).complaint
    Complaint.objects.filter(pk=complaint.pk).update(classification=Classification.SEA)
    return complaint


@pytest.fixture
def network(personas):
    personas.org_a.type = OrganisationType.UN_AGENCY
    personas.org_a.save()
    personas.org_b.type = OrganisationType.INGO
    personas.org_b.save()
    # The platform. February: one allegation (SE) against ALPHA, a woman who consented to statistics, still open.
    february = _complaint(
        dt.date(2025, 2, 10), perpetrators=[PerpetratorInput(organisation=personas.org_a)],
        survivors=[SurvivorInput(sex="female", age_group=term("age_group", "26-40"))], consents=[statistics()],
    )  # fmt: skip
    february.allegations.update(sea_type=term("sea_type", "transactional_sex"))
    # May: two allegations (SA) against ALPHA and BETA, a girl without statistics consent, closed.
    may = _complaint(
        dt.date(2025, 5, 3),
        perpetrators=[PerpetratorInput(organisation=personas.org_a), PerpetratorInput(organisation=personas.org_b)],
        survivors=[SurvivorInput(sex="female", age_group=term("age_group", "12-17"))],
    )  # fmt: skip
    may.allegations.update(sea_type=term("sea_type", "rape"))
    Complaint.objects.filter(pk=may.pk).update(status=Status.CLOSED)

    # The members. ALPHA, Q1 2025: THREE, then corrected (one more SE allegation of UN agency personnel, still
    # open, with a woman): only the correction counts.
    submit = member_return_submit
    submit(actor=personas.focal_point_a, organisation=personas.org_a, quarter=Quarter(2025, 1), counts=THREE)
    corrected = figures(
        sea={"SE": 3, "SA": 1}, entity={"un_agency": 3, "implementing_partner": 1},
        victims={"woman": 3, "girl": 1, "boy": 1}, status={"open": 2, "closed": 2},
    )  # fmt: skip
    submit(actor=personas.focal_point_a, organisation=personas.org_a, quarter=Quarter(2025, 1), counts=corrected)
    # BETA, Q2 2025: one "other" allegation of an implementing partner's personnel, closed, a man.
    beta = figures(sea={"OTHER": 1}, entity={"implementing_partner": 1}, victims={"man": 1}, status={"closed": 1})
    submit(actor=personas.focal_point_b, organisation=personas.org_b, quarter=Quarter(2025, 2), counts=beta)
    # Outside the period: ALPHA Q4 2024 and BETA Q3 2025.
    submit(actor=personas.focal_point_a, organisation=personas.org_a, quarter=Quarter(2024, 4), counts=THREE)
    submit(actor=personas.focal_point_b, organisation=personas.org_b, quarter=Quarter(2025, 3), counts=THREE)
    return personas


def _columns(table) -> dict[str, list[int]]:
    return dict(zip(table.row_keys, table.cells, strict=True))


def test_the_platform_and_the_members_figures_are_side_by_side(network):
    tables = merged_figures(HALF_YEAR)
    assert list(tables) == ["sea_group", "entity_type", "victim_type", "status"]
    by_type = tables["sea_group"]
    assert by_type.column_labels == ["On the platform", "Members' own figures"]
    assert _columns(by_type) == {"SE": [1, 3], "SA": [2, 1], "OTHER": [0, 1], "UNKNOWN": [0, 0]}
    assert by_type.column_totals == [3, 5] and by_type.total == 8
    entity = _columns(tables["entity_type"])
    assert entity["un_agency"] == [2, 3] and entity["implementing_partner"] == [1, 2]
    assert sum(map(sum, entity.values())) == 8
    survivors = tables["victim_type"]
    assert _columns(survivors) == {"woman": [1, 3], "girl": [0, 1], "man": [0, 1], "boy": [0, 1], "unknown": [0, 0]}
    assert survivors.left_out == 1, "the platform's girl without statistics consent"
    assert _columns(tables["status"]) == {"open": [1, 2], "closed": [2, 3]}
    assert "Members' own figures" in by_type.denominator
    assert "Q1 2025\N{EN DASH}Q2 2025 (2 returns" in by_type.denominator


def test_members_figures_alone_are_titled_as_such(network):
    tables = member_figures(HALF_YEAR)
    assert tables["sea_group"].title == "Allegations by type — members' own figures"
    assert tables["sea_group"].column_labels == ["Members' own figures"]
    assert tables["victim_type"].total == 6 and tables["victim_type"].unit == "survivors"


def test_a_quarter_only_partly_in_the_period_is_left_out(network):
    from_mid_january = Filters(start=dt.date(2025, 1, 15), end=dt.date(2025, 7, 10))
    assert quarters_within(from_mid_january.start, from_mid_january.end) == [Quarter(2025, 2)]
    assert _columns(member_figures(from_mid_january)["sea_group"]) == {
        "SE": [0], "SA": [0], "OTHER": [1], "UNKNOWN": [0],
    }  # fmt: skip
    february_march = Filters(dt.date(2025, 2, 1), dt.date(2025, 3, 31))
    assert "no whole quarter" in member_figures(february_march)["status"].denominator


def test_the_organisation_type_filter_keeps_that_type_s_returns(network):
    ngo = Filters(start=HALF_YEAR.start, end=HALF_YEAR.end, organisation_type=OrganisationType.INGO)
    by_type = merged_figures(ngo)["sea_group"]
    assert _columns(by_type) == {"SE": [0, 0], "SA": [1, 0], "OTHER": [0, 1], "UNKNOWN": [0, 0]}


def test_members_figures_have_no_area(network):
    Area.objects.create(pcode="ML05", name="Mopti", admin_level=1)
    mopti = Filters(start=HALF_YEAR.start, end=HALF_YEAR.end, area="ML05")
    table = member_figures(mopti)["sea_group"]
    assert table.total == 0 and "have no area" in table.denominator


def test_each_column_says_what_it_counts_in_the_readers_language(network):
    with translation.override("fr"):
        by_type = merged_figures(HALF_YEAR)["sea_group"]

    # The platform's column first, with the French colon (after a narrow no-break space), then the members'.
    assert by_type.denominator.startswith("Sur la plateforme\u202f: ")
    assert "Chiffres déclarés par les membres" in by_type.denominator
