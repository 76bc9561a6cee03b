"""The dashboard as its readers see it: every section, the charts and the map inline without script or inline
style, SLA compliance per organisation for coordinators and co-chairs only, and a number of queries that does not
grow with the number of records."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pseahub.cases.models import Classification
from pseahub.cases.services import PerpetratorInput
from pseahub.network.models import Area

from .records import at, complaint, network_settings, referral

pytestmark = pytest.mark.django_db

SECTIONS = ["trend", "type", "area", "who", "survivors", "channel", "timings"]
PERIOD = {"start": "2026-01-01", "end": "2026-03-31"}


@pytest.fixture
def mali(personas):
    """A Malian network (k = 2) with allegations in Mopti (3), Gao (1), Bamako (0) and without an area (2)."""
    network_settings(country_code="MLI", small_cell_k=2)
    areas = {
        pcode: Area.objects.create(pcode=pcode, name=name, admin_level=1)
        for pcode, name in [("ML05", "Mopti"), ("ML07", "Gao"), ("ML09", "Bamako")]
    }
    for day, area in [(5, "ML05"), (6, "ML05"), (7, "ML05"), (8, "ML07"), (9, None), (12, None)]:
        complaint(
            at(f"2026-01-{day:02d}"), Classification.SEA, area=areas[area] if area else None,
            perpetrators=[PerpetratorInput(organisation=personas.org_a)],
        )  # fmt: skip
    return personas


def _page(client, **query) -> str:
    response = client.get("/insights/", {**PERIOD, **query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["leadership", "analyst"])
def test_every_section_is_shown_and_sla_compliance_is_not(mali, client_for, persona):
    page = _page(client_for(getattr(mali, persona)))
    for section in SECTIONS:
        assert f'<section id="{section}"' in page
    assert 'id="sla"' not in page and "acknowledged within the deadline, per organisation" not in page
    assert "/insights/table/sla." not in page


@pytest.mark.parametrize("persona", ["coordinator", "co_chair"])
def test_coordinators_and_co_chairs_also_see_sla_compliance_per_organisation(mali, client_for, persona):
    allegation = mali.org_a.allegations.first()
    referral(allegation, by=mali.coordinator, sent_at=at("2026-01-05", 12), acknowledged_at=at("2026-01-05", 16))
    page = _page(client_for(getattr(mali, persona)))
    assert '<section id="sla"' in page
    assert "Allegation referrals acknowledged within the deadline, per organisation" in page
    assert "Alpha Relief (ALPHA)" in page
    assert 'href="/insights/table/sla.csv?' in page


def test_the_charts_are_inline_svg_named_for_screen_readers_without_script_or_inline_style(mali, client_for):
    page = _page(client_for(mali.leadership))
    charts = re.findall(r'<svg [^>]*class="insights-chart pygal-chart"[^>]*>', page)
    assert len(charts) == 4  # month, type, entity type, channel
    for chart in charts:
        chart_id = re.search(r'id="([^"]+)"', chart).group(1)
        assert 'role="img"' in chart and f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in chart
        assert f'<title id="{chart_id}-title">' in page and f'<desc id="{chart_id}-desc">' in page
    assert '<title id="chart-month-title">By month</title>' in page
    assert "<script" not in page and "<style" not in page and "style=" not in page


def test_the_map_shades_each_area_by_its_published_count(mali, client_for):
    page = _page(client_for(mali.leadership))
    found = re.findall(r'<path d="[^"]+" class="area ([^"]+)" data-pcode="([^"]+)"', page)
    by_pcode = {pcode: css for css, pcode in found}
    assert len(by_pcode) == 10
    assert by_pcode["ML05"].startswith("area-class-")  # 3 shown
    assert by_pcode["ML07"] == "area-withheld"  # 1: under k
    assert by_pcode["ML09"] == "area-zero" and by_pcode["ML01"] == "area-zero"
    assert "<title>Mopti: 3</title>" in page and "<title>Gao: withheld</title>" in page
    assert "CC BY 4.0" in page  # the boundaries' attribution


def test_without_boundaries_for_the_country_the_table_stands_alone(mali, client_for):
    network_settings(country_code="")
    page = _page(client_for(mali.leadership))
    assert "insights-map" not in page and 'id="table-area"' in page


def test_the_survivors_table_states_those_left_out(mali, client_for):
    from pseahub.cases.services import SurvivorInput
    from pseahub.cases.tests.helpers import term

    girl = SurvivorInput(sex="female", age_group=term("age_group", "0-11"))
    complaint(
        at("2026-02-02"), Classification.SEA, survivors=[girl], perpetrators=[PerpetratorInput(organisation=mali.org_a)]
    )
    page = _page(client_for(mali.leadership))
    table = page.split('id="table-victim-age"')[1].split("</section>")[0]
    assert "0\u201311 years" in table and "Girl (under 18)" in table
    # Each complaint has a survivor (the fixture's six: one each, of unknown sex and age); none consented.
    assert "7 survivors left out: no statistics consent recorded." in table


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        _page(client)
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_records(mali, client_for, django_assert_max_num_queries):
    client = client_for(mali.coordinator)
    _page(client)  # the session, the reference tables
    few = _queries(client)
    mopti = Area.objects.get(pcode="ML05")
    for day in range(1, 29):
        filed = complaint(
            at(f"2026-02-{day:02d}"), Classification.SEA, area=mopti, triaged_at=at(f"2026-02-{day:02d}", 12),
            perpetrators=[PerpetratorInput(organisation=mali.org_a), PerpetratorInput(organisation=mali.org_b)],
        )  # fmt: skip
        for allegation in filed.allegations.all():
            referral(allegation, by=mali.coordinator, sent_at=at(f"2026-02-{day:02d}", 14))
    assert _queries(client) == few
    # 46 before the members' section, which adds its four platform tables, the returns and who submitted. The
    # summary table (cube.py) adds which months it covers, and the SLA table's four summed counts (on time, late,
    # left out, not yet settled) and the organisations' names (six more than counting everything live).
    with django_assert_max_num_queries(50):
        _page(client)
