"""A write to anything a month counts marks the month changed in the same transaction: the dashboard counts it
live until its rebuild (queued on commit) has run, then reads the summary again, and the figures are right
throughout."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from pseahub.cases.models import Allegation, ClosureReason, Consent, ConsentDecision, ConsentGiver, ConsentPurpose
from pseahub.insights import cube
from pseahub.insights.models import CubeChange, CubeMonth
from pseahub.network.selectors import network_settings_get

from .cube_records import QUARTER, cube_records, tables_from_cube, tables_live

pytestmark = pytest.mark.django_db
FEBRUARY = dt.date(2026, 2, 1)


@pytest.fixture
def made(personas):
    records = cube_records(personas)
    call_command("insights_cube_rebuild", "--all", verbosity=0)
    return records


def _same() -> None:
    settings = network_settings_get()
    assert tables_from_cube(QUARTER, settings) == tables_live(QUARTER, settings)


def _after(write, django_capture_on_commit_callbacks) -> None:
    """``write`` marks February changed: counted live (and right) before the rebuild, from the summary after."""
    before = cube.survivors_by_two(QUARTER, title="t").left_out, cube.allegations_by("sea_group", QUARTER).total
    with django_capture_on_commit_callbacks() as queued:
        write()
    assert CubeChange.objects.filter(month=FEBRUARY).exists()
    assert FEBRUARY not in cube.covered_months(QUARTER)
    _same()
    for callback in queued:  # the rebuild task (the test backend runs it at once)
        callback()
    assert not CubeChange.objects.exists()
    assert FEBRUARY in cube.covered_months(QUARTER)
    _same()
    after = cube.survivors_by_two(QUARTER, title="t").left_out, cube.allegations_by("sea_group", QUARTER).total
    assert after != before


def test_a_withdrawn_consent(made, django_capture_on_commit_callbacks):
    consented = made["2-0"]

    def withdraw() -> None:
        Consent.objects.create(
            complaint=consented, purpose=ConsentPurpose.STATISTICS, decision=ConsentDecision.WITHDRAWN,
            given_by=ConsentGiver.SURVIVOR, decided_at=consented.received_at + dt.timedelta(days=3),
        )  # fmt: skip

    _after(withdraw, django_capture_on_commit_callbacks)


def test_an_allegation_added(made, personas, django_capture_on_commit_callbacks):
    def add() -> None:
        Allegation.objects.create(complaint=made["2-1"], organisation=personas.org_a)

    _after(add, django_capture_on_commit_callbacks)


def test_a_complaint_marked_duplicate(made, django_capture_on_commit_callbacks):
    def duplicate() -> None:
        complaint = made["2-0"]
        complaint.closure_reason = ClosureReason.DUPLICATE
        complaint.save()

    _after(duplicate, django_capture_on_commit_callbacks)


def test_a_change_to_every_month_counts_everything_live_until_rebuilt(made):
    settings = network_settings_get()
    settings.sla_acknowledge_working_days = 5
    settings.save()
    assert cube.covered_months(QUARTER) == []
    _same()
    call_command("insights_cube_rebuild", verbosity=0)
    assert len(cube.covered_months(QUARTER)) == 3
    _same()


def test_the_command_rebuilds_only_the_changed_months(made):
    built = dict(CubeMonth.objects.values_list("month", "built_at"))
    consented = made["2-0"]
    Consent.objects.create(
        complaint=consented, purpose=ConsentPurpose.STATISTICS, decision=ConsentDecision.WITHDRAWN,
        given_by=ConsentGiver.SURVIVOR, decided_at=consented.received_at + dt.timedelta(days=3),
    )  # fmt: skip
    out = io.StringIO()
    call_command("insights_cube_rebuild", stdout=out)
    assert out.getvalue().startswith("1 months,")
    again = dict(CubeMonth.objects.values_list("month", "built_at"))
    assert [month for month in built if again[month] != built[month]] == [FEBRUARY]
    _same()
