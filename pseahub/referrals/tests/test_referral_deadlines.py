"""Each referral's due time comes from the network's SLA table: 2 working days to acknowledge an allegation
referral, 24 clock hours to accept an assistance referral, 30 days after acknowledgement for the first progress
update. Changing the table changes new deadlines, not existing ones."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.models import ReferralState
from pseahub.referrals.services import referral_acknowledge, referral_progress

from .helpers import network, refer, refer_assistance, sea_complaint

BAMAKO = ZoneInfo("Africa/Bamako")
BEIRUT = ZoneInfo("Asia/Beirut")
FRIDAY_10H_UTC = dt.datetime(2026, 1, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def mali(db):
    return network(timezone="Africa/Bamako", weekend_days=[6, 7], holidays=["2026-01-20"])


@pytest.mark.django_db
def test_it_gives_an_allegation_referral_two_working_days(personas, mali):
    with time_machine.travel(FRIDAY_10H_UTC, tick=False):
        complaint = sea_complaint(personas)
        referral = refer(personas, complaint)

    # Friday 10:00 + 2 working days: Monday, then Tuesday 20 January is a holiday, so Wednesday 10:00.
    assert referral.sent_at == FRIDAY_10H_UTC
    assert referral.due_at == dt.datetime(2026, 1, 21, 10, 0, tzinfo=BAMAKO)


@pytest.mark.django_db
def test_it_gives_an_assistance_referral_24_clock_hours(personas, mali):
    service = ServiceFactory(provider=personas.org_a)
    with time_machine.travel(FRIDAY_10H_UTC, tick=False):
        complaint = sea_complaint(personas, consents=("services",))
        referral = refer_assistance(personas, complaint, service)

    assert referral.due_at == FRIDAY_10H_UTC + dt.timedelta(hours=24)  # Saturday: the weekend does not count


@pytest.mark.django_db
def test_it_expects_the_first_progress_30_days_after_acknowledgement(personas, mali):
    with time_machine.travel(FRIDAY_10H_UTC, tick=False):
        complaint = sea_complaint(personas)
        referral = refer(personas, complaint)
    acknowledged = dt.datetime(2026, 1, 19, 8, 15, tzinfo=dt.UTC)

    with time_machine.travel(acknowledged, tick=False):
        referral_acknowledge(actor=personas.focal_point_a, referral=referral)
    referral.refresh_from_db()
    assert referral.acknowledged_at == acknowledged
    assert referral.due_at == acknowledged + dt.timedelta(days=30)

    with time_machine.travel(acknowledged + dt.timedelta(days=3), tick=False):
        referral_progress(actor=personas.focal_point_a, referral=referral, note="Investigator appointed.")
    referral.refresh_from_db()
    assert referral.state == ReferralState.IN_PROGRESS
    assert referral.first_progress_at == acknowledged + dt.timedelta(days=3)
    assert referral.due_at is None  # nothing is due from the focal point any more


@pytest.mark.django_db
def test_an_accepted_assistance_referral_has_no_further_deadline(personas, mali):
    service = ServiceFactory(provider=personas.org_a)
    with time_machine.travel(FRIDAY_10H_UTC, tick=False):
        complaint = sea_complaint(personas, consents=("services",))
        referral = refer_assistance(personas, complaint, service)
        referral_acknowledge(actor=personas.provider, referral=referral)

    referral.refresh_from_db()
    assert referral.state == ReferralState.ACKNOWLEDGED
    assert referral.due_at is None


@pytest.mark.django_db
def test_changing_the_sla_table_changes_new_deadlines_only(personas, mali):
    service = ServiceFactory(provider=personas.org_a)
    with time_machine.travel(FRIDAY_10H_UTC, tick=False):
        first = sea_complaint(personas, consents=("services",))
        before = refer(personas, first)
        network(sla_acknowledge_working_days=5, sla_assistance_accept_hours=72, sla_first_progress_days=10)
        second = sea_complaint(personas, consents=("services",))
        after = refer(personas, second)
        assistance = refer_assistance(personas, second, service)

    before.refresh_from_db()
    assert before.due_at == dt.datetime(2026, 1, 21, 10, 0, tzinfo=dt.UTC)  # unchanged
    # Five working days from Friday: Mon 19, (Tue 20 holiday), Wed 21, Thu 22, Fri 23, Mon 26.
    assert after.due_at == dt.datetime(2026, 1, 26, 10, 0, tzinfo=dt.UTC)
    assert assistance.due_at == FRIDAY_10H_UTC + dt.timedelta(hours=72)

    with time_machine.travel(FRIDAY_10H_UTC + dt.timedelta(days=3), tick=False):
        referral_acknowledge(actor=personas.focal_point_a, referral=after)
    after.refresh_from_db()
    assert after.due_at == FRIDAY_10H_UTC + dt.timedelta(days=3 + 10)


@pytest.mark.django_db
def test_it_counts_in_the_networks_time_zone(personas):
    network(timezone="Asia/Beirut", weekend_days=[6, 7], holidays=[])
    late_friday = dt.datetime(2026, 1, 16, 23, 30, tzinfo=dt.UTC)  # already Saturday 01:30 in Beirut

    with time_machine.travel(late_friday, tick=False):
        referral = refer(personas, sea_complaint(personas))

    assert referral.due_at == dt.datetime(2026, 1, 21, 0, 0, tzinfo=BEIRUT)  # Monday and Tuesday, local time


@pytest.mark.django_db
def test_malformed_holidays_do_not_break_a_referral(personas):
    network(timezone="Africa/Bamako", weekend_days=[6, 7], holidays=["2026-01-19", "19/01/2026", "2026-13-01", 7])

    with time_machine.travel(FRIDAY_10H_UTC, tick=False):
        referral = refer(personas, sea_complaint(personas))

    assert referral.due_at == dt.datetime(2026, 1, 21, 10, 0, tzinfo=dt.UTC)  # only the good holiday counts


@pytest.mark.django_db
def test_without_stored_settings_the_defaults_apply(personas):
    with time_machine.travel(FRIDAY_10H_UTC, tick=False):
        referral = refer(personas, sea_complaint(personas))

    # Default: UTC, no weekend configured, 2 working days.
    assert referral.due_at == FRIDAY_10H_UTC + dt.timedelta(days=2)
