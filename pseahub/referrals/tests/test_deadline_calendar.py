"""Deadline arithmetic: working days skip the network's weekend and holidays, a start on a day off counts from the
next working morning, local wall-clock time is kept in the network's time zone (also across a DST change), and
malformed settings never break a deadline."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pseahub.network.models import NetworkSettings
from pseahub.referrals.deadlines import Calendar

UTC = dt.UTC
BAMAKO = ZoneInfo("Africa/Bamako")  # UTC+0 all year
BEIRUT = ZoneInfo("Asia/Beirut")  # UTC+2, UTC+3 from the last Sunday of March
SAT_SUN = frozenset({6, 7})


def _calendar(tz: ZoneInfo = BAMAKO, weekend: frozenset[int] = SAT_SUN, holidays: tuple[str, ...] = ()) -> Calendar:
    return Calendar(tz=tz, weekend=weekend, holidays=frozenset(dt.date.fromisoformat(d) for d in holidays))


def _at(text: str, tz: ZoneInfo = UTC) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=tz)


def test_it_counts_working_days_across_the_weekend():
    friday = _at("2026-01-16T10:00", BAMAKO)

    due = _calendar().add_working_days(friday, 2)

    assert due == _at("2026-01-20T10:00", BAMAKO)  # Tuesday, same time: Saturday and Sunday do not count
    assert due.tzinfo == UTC


def test_it_skips_public_holidays():
    friday = _at("2026-01-16T10:00", BAMAKO)

    due = _calendar(holidays=("2026-01-20",)).add_working_days(friday, 2)

    assert due == _at("2026-01-21T10:00", BAMAKO)  # Tuesday 20 January (Armed Forces Day) is off


def test_it_skips_several_holidays_in_a_row_after_the_weekend():
    friday = _at("2026-01-16T10:00", BAMAKO)

    due = _calendar(holidays=("2026-01-19", "2026-01-20")).add_working_days(friday, 1)

    assert due == _at("2026-01-21T10:00", BAMAKO)


def test_it_counts_from_the_next_working_morning_when_started_on_a_weekend():
    saturday = _at("2026-01-17T15:30", BAMAKO)

    due = _calendar().add_working_days(saturday, 2)

    # Monday and Tuesday are the two full working days: due at the start of Wednesday.
    assert due == _at("2026-01-21T00:00", BAMAKO)


def test_it_counts_from_the_next_working_morning_when_started_on_a_holiday():
    holiday_monday = _at("2026-01-19T09:00", BAMAKO)

    due = _calendar(holidays=("2026-01-19",)).add_working_days(holiday_monday, 2)

    assert due == _at("2026-01-22T00:00", BAMAKO)


def test_it_uses_the_networks_weekend_days():
    thursday = _at("2026-01-15T10:00", BAMAKO)
    friday_saturday = frozenset({5, 6})

    assert _calendar(weekend=friday_saturday).add_working_days(thursday, 2) == _at("2026-01-19T10:00", BAMAKO)
    assert _calendar(weekend=frozenset()).add_working_days(thursday, 2) == _at("2026-01-17T10:00", BAMAKO)


def test_it_decides_the_day_in_the_networks_time_zone():
    # 23:30 UTC on Friday is still Friday in Bamako but already Saturday 01:30 in Beirut.
    late_friday_utc = _at("2026-01-16T23:30")

    in_bamako = _calendar(BAMAKO).add_working_days(late_friday_utc, 2)
    in_beirut = _calendar(BEIRUT).add_working_days(late_friday_utc, 2)

    assert in_bamako == _at("2026-01-20T23:30")  # Tuesday 23:30, same local time
    assert in_beirut == _at("2026-01-21T00:00", BEIRUT)  # counted from Monday morning
    assert in_beirut == _at("2026-01-20T22:00")


def test_it_keeps_the_local_time_across_a_dst_change():
    # Beirut moves to UTC+3 on Sunday 29 March 2026: the deadline stays at 10:00 local, so 95 real hours.
    friday = _at("2026-03-27T10:00", BEIRUT)

    due = _calendar(BEIRUT).add_working_days(friday, 2)

    assert f"{due.astimezone(BEIRUT):%a %Y-%m-%d %H:%M}" == "Tue 2026-03-31 10:00"
    assert due == _at("2026-03-31T07:00")
    assert due - friday == dt.timedelta(hours=95)


def test_it_has_no_dst_shift_in_a_zone_without_dst():
    friday = _at("2026-03-27T10:00", BAMAKO)

    due = _calendar(BAMAKO).add_working_days(friday, 2)

    assert due - friday == dt.timedelta(hours=96)
    assert due == _at("2026-03-31T10:00")


def test_add_hours_counts_clock_hours_through_weekends_and_dst():
    friday_evening = _at("2026-03-27T20:00", BEIRUT)

    due = _calendar(BEIRUT).add_hours(friday_evening, 48)

    assert due - friday_evening == dt.timedelta(hours=48)  # emergencies do not wait for Monday
    assert f"{due.astimezone(BEIRUT):%a %H:%M}" == "Sun 21:00"  # the hour "lost" to DST is not a clock hour


def test_of_reads_the_network_settings_and_ignores_malformed_holidays():
    settings = NetworkSettings(
        timezone="Asia/Beirut",
        weekend_days=[6, 7],
        holidays=["2026-01-20", "not a date", "2026-02-30", None, 42, "", {"date": "2026-01-21"}],
    )

    calendar = Calendar.of(settings)

    assert calendar.tz == BEIRUT
    assert calendar.weekend == SAT_SUN
    assert calendar.holidays == frozenset({dt.date(2026, 1, 20)})
    assert calendar.add_working_days(_at("2026-01-16T10:00", BEIRUT), 2) == _at("2026-01-21T10:00", BEIRUT)


def test_of_defaults_to_utc_without_weekend():
    calendar = Calendar.of(NetworkSettings(timezone="", weekend_days=[], holidays=[]))

    assert calendar.tz == ZoneInfo("UTC")
    assert calendar.is_working_day(dt.date(2026, 1, 17))  # a Saturday, but this network has no weekend


@pytest.mark.parametrize(
    "weekend_days",
    [["sat", 7], [6, 7, 0, 9, None], [1, 2, 3, 4, 5, 6, 7]],
    ids=["names", "out-of-range", "every-day"],
)
def test_of_never_breaks_or_hangs_on_a_malformed_weekend(weekend_days):
    calendar = Calendar.of(NetworkSettings(timezone="Africa/Bamako", weekend_days=weekend_days))

    due = calendar.add_working_days(_at("2026-01-16T10:00"), 2)

    assert _at("2026-01-18T10:00") <= due <= _at("2026-01-20T10:00")
