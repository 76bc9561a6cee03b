"""Timings with known durations: the median and the 90th percentile (nearest rank) of each step, what still
waits, what is withheld under k; and SLA compliance per organisation against the working-day deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from pseahub.cases.models import Classification, ClosureReason, Status
from pseahub.cases.services import PerpetratorInput
from pseahub.insights.counting import Filters
from pseahub.insights.suppression import suppress
from pseahub.insights.timings import (
    duration_text,
    median,
    percentile,
    share_on_time,
    sla_by_organisation,
    timings,
    timings_publish,
)
from pseahub.referrals.models import ReferralState

from .records import at, complaint, network_settings, referral

JANUARY = Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
HOUR = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("values", "middle", "p90"),
    [
        ([], None, None),
        ([5.0], 5.0, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 2.5, 4.0),
        ([float(n) for n in range(1, 11)], 5.5, 9.0),  # rank ceil(0.9 * 10) = 9
        ([float(n) for n in range(1, 21)], 10.5, 18.0),  # rank 18
        ([2.0, 6.0, 30.0], 6.0, 30.0),  # rank ceil(2.7) = 3
    ],
)
def test_median_and_90th_percentile_by_nearest_rank(values, middle, p90):
    assert median(values) == middle
    assert percentile(values, 90) == p90


def test_durations_read_as_minutes_hours_or_days():
    assert duration_text(0.5) == "30 minutes"
    assert duration_text(6.5) == "6.5 hours"
    assert duration_text(46) == "46.0 hours"
    assert duration_text(72) == "3.0 days"
    assert duration_text(None) == ""


@pytest.fixture
def timed(personas):
    """Five complaints of January 2026 (a Monday the 5th) with known triage, referral, acknowledgement and
    closure times, in a network whose weekend is Saturday and Sunday and whose deadlines are 24 hours to refer
    and 2 working days to acknowledge."""
    network_settings(timezone="UTC", weekend_days=[6, 7], sla_refer_hours=24, sla_acknowledge_working_days=2)
    alpha, beta = personas.org_a, personas.org_b
    t1 = complaint(
        at("2026-01-05"), Classification.SEA, triaged_at=at("2026-01-05", 10), closed_at=at("2026-01-15"),
        status=Status.CLOSED, closure_reason=ClosureReason.OUTCOME_REACHED,
        perpetrators=[PerpetratorInput(organisation=alpha)],
    )  # fmt: skip
    t2 = complaint(
        at("2026-01-06"), Classification.SEA, triaged_at=at("2026-01-06", 14), status=Status.REFERRED,
        perpetrators=[PerpetratorInput(organisation=alpha), PerpetratorInput(organisation=beta)],
    )  # fmt: skip
    complaint(  # T3: triaged in 30 hours, closed after a day, but not SEA: no closure time counted
        at("2026-01-07"), Classification.OTHER_MISCONDUCT, triaged_at=at("2026-01-08", 14), closed_at=at("2026-01-08"),
        status=Status.CLOSED, closure_reason=ClosureReason.FORWARDED,
    )  # fmt: skip
    complaint(at("2026-01-08"), Classification.UNCLASSIFIED)  # T4: still waiting for triage
    complaint(  # T5: withdrawn before triage: not waiting
        at("2026-01-09"), Classification.UNCLASSIFIED, closed_at=at("2026-01-10"), status=Status.CLOSED,
        closure_reason=ClosureReason.WITHDRAWN,
    )  # fmt: skip
    complaint(at("2025-12-31"), Classification.SEA, triaged_at=at("2026-01-01"))  # outside the period
    t1_alpha = t1.allegations.get()
    t2_alpha, t2_beta = t2.allegations.get(organisation=alpha), t2.allegations.get(organisation=beta)
    by = personas.coordinator
    # R1: 4 h after receipt, acknowledged in 20 h (deadline Wed 7th 12:00): on time.
    referral(t1_alpha, by=by, sent_at=at("2026-01-05", 12), acknowledged_at=at("2026-01-06", 8))
    # R4: ALPHA declined a second referral of T1's allegation: no acknowledgement, left out of compliance.
    referral(t1_alpha, by=by, sent_at=at("2026-01-12", 10), state=ReferralState.DECLINED)
    # R2: 30 h after receipt (Wed 7th 14:00), acknowledged 72 h later (Sat 10th), after Fri 9th 14:00: late.
    referral(t2_alpha, by=by, sent_at=at("2026-01-07", 14), acknowledged_at=at("2026-01-10", 14))
    # R3: 10 h after receipt to BETA, never acknowledged; its deadline (Thu 8th 18:00) has passed: late.
    referral(t2_beta, by=by, sent_at=at("2026-01-06", 18))
    # R5: ALPHA again, sent Fri 30th 12:00, due Tue 3 February: still within its deadline, left out.
    referral(t2_alpha, by=by, sent_at=at("2026-01-30", 12))
    return personas


NOW = at("2026-02-01", 12)


def _steps(filters=JANUARY):
    from pseahub.network.selectors import network_settings_get

    return {step.key: step for step in timings(filters, network_settings_get())}


@pytest.mark.django_db
def test_each_step_is_timed_from_its_own_start(timed):
    steps = _steps()
    triage, refer, acknowledge, closure = steps["triage"], steps["referral"], steps["acknowledgement"], steps["closure"]
    assert (triage.timed, triage.waiting, triage.median_hours, triage.p90_hours) == (3, 1, 6.0, 30.0)  # 2, 6, 30 h
    assert (refer.timed, refer.waiting, refer.median_hours, refer.p90_hours) == (3, 0, 10.0, 30.0)  # 4, 10, 30 h
    assert (acknowledge.timed, acknowledge.waiting) == (2, 2)  # 20 and 72 h; R3 and R5 wait
    assert (acknowledge.median_hours, acknowledge.p90_hours) == (46.0, 72.0)
    assert (closure.timed, closure.waiting, closure.median_hours) == (1, 1, 240.0)  # T1 in 10 days; T2 open


@pytest.mark.django_db
def test_each_step_shows_the_sop_deadline_of_the_network_settings(timed):
    steps = _steps()
    assert steps["referral"].deadline == "24 hours"
    assert steps["acknowledgement"].deadline == "2 working days"
    assert steps["triage"].deadline == "" and steps["closure"].deadline == ""


@pytest.mark.django_db
def test_the_organisation_type_filter_times_that_type_s_allegations(timed):
    from pseahub.network.models import OrganisationType

    timed.org_b.type = OrganisationType.NNGO
    timed.org_b.save()
    only_beta = Filters(start=JANUARY.start, end=JANUARY.end, organisation_type=OrganisationType.NNGO)
    steps = _steps(only_beta)
    assert (steps["referral"].timed, steps["referral"].median_hours) == (1, 10.0)
    assert (steps["acknowledgement"].timed, steps["acknowledgement"].waiting) == (0, 1)


@pytest.mark.django_db
def test_steps_timed_on_fewer_than_k_records_are_withheld(timed):
    published = {step.key: step for step in timings_publish(list(_steps().values()), 3)}
    assert published["triage"].median_hours == 6.0 and published["triage"].waiting is None  # 1 waits: under 3
    assert published["acknowledgement"].timed is None and published["acknowledgement"].median_hours is None
    assert published["acknowledgement"].p90_hours is None and published["acknowledgement"].withheld
    assert published["closure"].median_hours is None and published["closure"].withheld
    assert published["referral"].waiting == 0 and not published["referral"].withheld


@pytest.mark.django_db
def test_sla_compliance_counts_each_organisation_against_the_working_day_deadline(timed):
    from pseahub.network.selectors import network_settings_get

    table = sla_by_organisation(JANUARY, network_settings_get(), now=NOW)
    rows = dict(zip(table.row_labels, table.cells, strict=True))
    assert rows == {"Alpha Relief (ALPHA)": [1, 1], "Beta Aid (BETA)": [0, 1]}
    assert table.left_out == 2  # R4 declined, R5 not yet due
    assert table.row_keys == [str(timed.org_a.public_id), str(timed.org_b.public_id)]


@pytest.mark.django_db
def test_a_longer_deadline_puts_the_late_acknowledgement_on_time(timed):
    from pseahub.network.selectors import network_settings_get

    network_settings(sla_acknowledge_working_days=3)  # R2's deadline moves to Mon 12th 14:00
    table = sla_by_organisation(JANUARY, network_settings_get(), now=NOW)
    assert dict(zip(table.row_labels, table.cells, strict=True))["Alpha Relief (ALPHA)"] == [2, 0]


def test_the_share_is_shown_only_when_both_counts_are():
    assert share_on_time(6, 2) == 75.0
    assert share_on_time(None, 2) is None and share_on_time(6, None) is None and share_on_time(0, 0) is None


@pytest.mark.django_db
def test_the_published_sla_table_withholds_small_counts(timed):
    from pseahub.network.selectors import network_settings_get

    table = sla_by_organisation(JANUARY, network_settings_get(), now=NOW)
    published = suppress(table, 2)
    assert published.cells == [[None, None], [0, None]]  # every 1 withheld, the 0 shown
