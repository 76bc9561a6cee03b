"""A month's build counts every table once for every type at once (grouped by its records' type key) and buckets
the durations in the database: it gives exactly what counting each type with the live filter gives, for complaints
with an allegation and the same reported type, allegations of two types, a reported type only, no allegation at
all, survivors of each; and durations on and around the buckets' edges, negative ones too."""

from __future__ import annotations

import datetime as dt

import pytest

from pseahub.cases.models import Classification, Complaint, Status
from pseahub.cases.services import PerpetratorInput, SurvivorInput
from pseahub.cases.tests.helpers import term
from pseahub.insights import cube, timings
from pseahub.insights.counting import Filters
from pseahub.network.models import OrganisationType
from pseahub.network.tests.factories import OrganisationFactory

from .cube_records import QUARTER, cube_records, filters_to_check, tables_from_cube, tables_live
from .records import at, complaint

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)
FEBRUARY = dt.date(2026, 2, 1)  # the complaints above


@pytest.fixture
def records(personas):
    cube_records(personas)
    un = personas.org_a  # a UN agency (cube_records)
    ngo = OrganisationFactory(name="Local NGO", acronym="LNGO", type=OrganisationType.NNGO)
    contractor = OrganisationFactory(name="Builder", acronym="BLD", type=OrganisationType.CONTRACTOR)
    woman = SurvivorInput(sex="female", age_group=term("age_group", "26-40"))
    received = at("2026-02-11", 9)
    # An allegation of a type and the same type reported: counted once in that type.
    complaint(
        received, Classification.SEA, reported_organisation=ngo, perpetrators=[PerpetratorInput(organisation=ngo)],
        survivors=[woman], triaged_at=received + 48 * HOUR, status=Status.IN_PROGRESS,
    )  # fmt: skip
    # An allegation of one type, another type reported.
    complaint(
        received + HOUR, Classification.SEA, reported_organisation=contractor,
        perpetrators=[PerpetratorInput(organisation=un)], survivors=[woman],
        triaged_at=received + HOUR + 72 * HOUR - dt.timedelta(microseconds=1),
        closed_at=received + HOUR + 47 * HOUR + dt.timedelta(minutes=59, seconds=59, microseconds=999),
        status=Status.CLOSED,
    )  # fmt: skip
    # Allegations of two types, the reported one a third.
    complaint(
        received + 2 * HOUR, Classification.SEA, reported_organisation=contractor,
        perpetrators=[PerpetratorInput(organisation=ngo), PerpetratorInput(organisation=un)], survivors=[woman],
        triaged_at=received + 2 * HOUR - dt.timedelta(minutes=90),  # recorded before its receipt: negative
        status=Status.IN_PROGRESS,
    )  # fmt: skip
    # A reported type, no allegation (not classified SEA), and one with neither.
    complaint(
        received + 3 * HOUR, Classification.OTHER_MISCONDUCT, reported_organisation=ngo, triaged_at=received + 4 * HOUR
    )
    complaint(
        received + 4 * HOUR, Classification.OTHER_MISCONDUCT, triaged_at=received + 4 * HOUR - dt.timedelta(hours=49)
    )
    # SEA without an allegation, with a survivor.
    complaint(received + 5 * HOUR, Classification.SEA, survivors=[woman], status=Status.IN_PROGRESS)
    assert Complaint.objects.filter(reported_organisation__isnull=False).count() == 4


def _typewise(month: dt.date) -> dict[tuple[str, str, str, str], int]:
    """The month's counts as the live filters give them: every table counted once per type with its filter."""
    counts: dict[tuple[str, str, str, str], int] = {}
    for kind in ["", *OrganisationType.values]:
        filters = Filters(start=month, end=cube.month_last(month), organisation_type=kind)
        for table, measure in cube.TABLES.items():
            for (area, value), n in measure(filters, True).items():
                if n:
                    counts[kind, area, table, value] = n
    return counts


def test_a_months_build_equals_each_type_counted_with_its_filter(records):
    built = {key: n for key, n in cube.month_counts(FEBRUARY).items() if n}
    assert built == _typewise(FEBRUARY)
    assert any(kind == OrganisationType.NNGO and table == "complaints:channel" for kind, _a, table, _v in built)


def test_every_table_from_the_summary_equals_the_live_counting(records):
    from django.core.management import call_command

    from pseahub.network.selectors import network_settings_get

    call_command("insights_cube_rebuild", "--all", verbosity=0)
    network = network_settings_get()
    for filters in filters_to_check():
        assert tables_from_cube(filters, network) == tables_live(filters, network), filters


def test_the_database_buckets_the_durations_as_python_does(records):
    for kind in ["", OrganisationType.NNGO, OrganisationType.UN_AGENCY]:
        filters = Filters(start=QUARTER.start, end=QUARTER.end, organisation_type=kind)
        for step, (timed, _waiting, _path) in timings.step_records(filters).items():
            expected: dict[tuple[str, str], int] = {}
            for duration in timed.values_list("duration", flat=True):
                key = ("", str(cube.bucket(duration)))
                expected[key] = expected.get(key, 0) + 1
            assert cube.TABLES[f"timing:{step}"](filters, False) == expected, (kind, step)
    triage = cube.TABLES["timing:triage"](QUARTER, False)
    assert {("", "-2"), ("", "-49"), ("", "48")} <= set(triage)  # negative ones; 48 h, and 72 h less 1 µs
    assert ("", "47") in cube.TABLES["timing:closure"](QUARTER, False)  # just under 48 h
