"""The summary table gives exactly the live counting's tables, and the timings within the buckets' precision."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from pseahub.insights import cube, timings
from pseahub.insights.models import CubeCell, CubeChange, CubeMonth
from pseahub.network.selectors import network_settings_get

from .cube_records import QUARTER, close_enough, cube_records, filters_to_check, tables_from_cube, tables_live

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(personas):
    cube_records(personas)
    call_command("insights_cube_rebuild", "--all", verbosity=0)
    return network_settings_get()


def test_every_month_is_built_and_covered(built):
    assert sorted(m.isoformat() for m in CubeMonth.objects.values_list("month", flat=True)) == [
        "2026-01-01", "2026-02-01", "2026-03-01",
    ]  # fmt: skip
    assert not CubeChange.objects.exists()
    assert CubeCell.objects.exists()
    assert [m.isoformat() for m in cube.covered_months(QUARTER)] == ["2026-01-01", "2026-02-01", "2026-03-01"]


def test_every_table_from_the_summary_equals_the_live_counting(built):
    for filters in filters_to_check():
        assert tables_from_cube(filters, built) == tables_live(filters, built), filters
        with cube.reading():  # as a page reads them: every table's rows in one query
            assert tables_from_cube(filters, built) == tables_live(filters, built), filters


def test_the_summary_counts_something(built):
    allegations = cube.allegations_by("sea_group", QUARTER)
    assert allegations.total > 10
    assert cube.survivors_by_two(QUARTER, title="t").left_out > 0
    assert sum(row[1] for row in cube.sla_by_organisation(QUARTER, built).cells) > 0


def test_the_timings_are_within_a_bucket_of_the_live_ones(built):
    for filters in filters_to_check():
        live = timings.timings(filters, built)
        summed = cube.timings(filters, built)
        for exact, bucketed in zip(live, summed, strict=True):
            assert (exact.key, exact.timed, exact.waiting) == (bucketed.key, bucketed.timed, bucketed.waiting)
            assert close_enough(exact.median_hours, bucketed.median_hours), (filters, exact, bucketed)
            assert close_enough(exact.p90_hours, bucketed.p90_hours), (filters, exact, bucketed)


def test_without_the_summary_everything_is_counted_live(personas):
    cube_records(personas)
    settings = network_settings_get()
    assert cube.covered_months(QUARTER) == []
    assert tables_from_cube(QUARTER, settings) == tables_live(QUARTER, settings)


def test_the_buckets():
    hour = 3_600_000_000
    assert [cube.bucket(n * hour) for n in (0, 1, 47)] == [0, 1, 47]
    assert cube.bucket(48 * hour) == 48 and cube.bucket(71 * hour) == 48 and cube.bucket(72 * hour) == 49
    assert cube.bucket_middle(3) == 3.5 and cube.bucket_middle(48) == 60.0
    assert cube.histogram_median({1: 1, 3: 1}) == 2.5 and cube.histogram_percentile({1: 9, 5: 1}, 90) == 1.5
