"""The dashboard's filters come from the query string (so a view can be bookmarked): period presets, dates, area
and organisation type. A field in error shows its error beside it and falls back to its default alone."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.insights.counting import Filters
from pseahub.insights.forms import FiltersForm
from pseahub.network.models import Area, OrganisationType

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 5, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def mopti(db):
    return Area.objects.create(pcode="ML05", name="Mopti", admin_level=1)


def _filters(query: dict[str, str]) -> tuple[Filters, FiltersForm]:
    form = FiltersForm(query or None)
    return form.filters(), form


@time_machine.travel(TODAY, tick=False)
def test_without_a_query_the_last_twelve_months_everywhere():
    filters, form = _filters({})
    assert filters == Filters(start=dt.date(2025, 5, 1), end=dt.date(2026, 5, 10))
    assert not form.errors


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("last_12_months", dt.date(2025, 5, 1), dt.date(2026, 5, 10)),
        ("this_year", dt.date(2026, 1, 1), dt.date(2026, 5, 10)),
        ("last_quarter", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ],
)
def test_a_preset_sets_the_period_and_replaces_the_dates(period, start, end):
    filters, _form = _filters({"period": period, "start": "2024-01-01", "end": "2024-02-01"})
    assert (filters.start, filters.end) == (start, end)


def test_the_last_quarter_in_january_is_the_previous_year_s_fourth():
    assert Filters.last_quarter(today=dt.date(2026, 1, 15)) == Filters(dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert Filters.last_quarter(today=dt.date(2026, 12, 31)) == Filters(dt.date(2026, 7, 1), dt.date(2026, 9, 30))


def test_dates_area_and_organisation_type_come_from_the_query_string():
    filters, form = _filters(
        {"start": "2026-01-01", "end": "2026-03-31", "area": "ML05", "organisation_type": OrganisationType.INGO}
    )
    assert not form.errors
    assert filters == Filters(dt.date(2026, 1, 1), dt.date(2026, 3, 31), "ML05", OrganisationType.INGO)
    assert filters.query() == {"start": "2026-01-01", "end": "2026-03-31", "area": "ML05", "organisation_type": "ingo"}


@time_machine.travel(TODAY, tick=False)
def test_an_end_before_the_start_falls_back_to_the_default_period_and_keeps_the_rest():
    filters, form = _filters({"start": "2026-04-01", "end": "2026-01-01", "area": "ML05"})
    assert "end" in form.errors
    assert filters == Filters(start=dt.date(2025, 5, 1), end=dt.date(2026, 5, 10), area="ML05")


@time_machine.travel(TODAY, tick=False)
def test_an_unknown_area_or_type_falls_back_to_everywhere_and_any_and_keeps_the_dates():
    query = {"start": "2026-01-01", "end": "2026-02-01", "area": "XX99", "organisation_type": "pirate"}
    filters, form = _filters(query)
    assert set(form.errors) == {"area", "organisation_type"}
    assert filters == Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 1))


@time_machine.travel(TODAY, tick=False)
def test_a_period_longer_than_five_years_or_starting_in_the_future_is_refused():
    filters, form = _filters({"start": "2015-01-01", "end": "2026-01-01"})
    assert "start" in form.errors and filters.start == dt.date(2025, 5, 1)
    filters, form = _filters({"start": "2027-01-01"})
    assert "start" in form.errors and filters.end == dt.date(2026, 5, 10)
    _default, form = _filters({"start": "not a date"})
    assert "start" in form.errors


@time_machine.travel(TODAY, tick=False)
def test_the_page_shows_each_error_beside_its_field_and_the_default_period(personas, client_for):
    page = (
        client_for(personas.leadership)
        .get("/insights/", {"start": "2026-04-01", "end": "2026-01-01", "area": "XX99"})
        .content.decode()
    )
    assert 'id="id_end_error"' in page and "The end of the period is before its start." in page
    assert 'id="id_area_error"' in page
    assert "Anonymised figures from 1 May 2025 to 10 May 2026." in page


@time_machine.travel(TODAY, tick=False)
def test_the_page_keeps_the_filters_in_its_download_links(personas, client_for):
    page = (
        client_for(personas.leadership).get("/insights/", {"period": "last_quarter", "area": "ML05"}).content.decode()
    )
    assert 'href="/insights/table/month.csv?start=2026-01-01&amp;end=2026-03-31&amp;area=ML05"' in page
    assert "Anonymised figures from 1 Jan 2026 to 31 Mar 2026." in page
