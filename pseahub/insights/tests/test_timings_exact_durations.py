"""The database computes each duration to the microsecond (timings._between), whether a time has a fraction of a
second or not and when the fraction must borrow a second: the hours shown are those of the exact durations."""

from __future__ import annotations

import datetime as dt

import pytest

from pseahub.cases.models import Classification
from pseahub.insights.counting import Filters
from pseahub.insights.timings import timings
from pseahub.network.selectors import network_settings_get

from .records import complaint, network_settings

JANUARY = Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
HOUR = dt.timedelta(hours=1)


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


@pytest.mark.django_db
def test_triage_durations_keep_their_fractions_of_a_second(personas):
    network_settings(timezone="UTC")
    pairs = [
        ("2026-01-05 08:00:00.750000", "2026-01-05 09:00:00.250000"),  # 59 min 59.5 s: the fraction borrows
        ("2026-01-06 08:00:00", "2026-01-06 10:30:00.000001"),  # 2.5 h and a microsecond, from a whole second
        ("2026-01-07 08:00:00.000001", "2026-01-08 14:00:00"),  # 30 h less a microsecond, to a whole second
    ]
    for received, triaged in pairs:
        complaint(_at(received), Classification.SEA, triaged_at=_at(triaged))
    exact = sorted((_at(triaged) - _at(received)) / HOUR for received, triaged in pairs)

    triage = {step.key: step for step in timings(JANUARY, network_settings_get())}["triage"]

    assert triage.timed == 3
    assert triage.median_hours == exact[1] == 2.5 + 1 / 3_600_000_000
    assert triage.p90_hours == exact[2] == 30 - 1 / 3_600_000_000


@pytest.mark.django_db
def test_a_fraction_close_to_the_next_second_is_not_rounded_up(personas):
    # SQLite's strftime('%s') rounds a time to the millisecond first: 08:00:00.9999 would count as 08:00:01.
    network_settings(timezone="UTC")
    received, triaged = "2026-01-09 08:00:00.999900", "2026-01-09 09:00:00.000100"
    complaint(_at(received), Classification.SEA, triaged_at=_at(triaged))

    triage = {step.key: step for step in timings(JANUARY, network_settings_get())}["triage"]

    assert triage.median_hours == (_at(triaged) - _at(received)) / HOUR  # 59 min 59.0002 s
