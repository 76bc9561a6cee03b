"""Deadline arithmetic in the network's time zone, with its weekend and public holidays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pseahub.network.models import NetworkSettings


@dataclass(frozen=True)
class Calendar:
    tz: ZoneInfo
    weekend: frozenset[int]  # ISO weekdays, 1 = Monday
    holidays: frozenset[dt.date]

    @classmethod
    def of(cls, settings: NetworkSettings) -> Calendar:
        holidays = set()
        for value in settings.holidays or []:
            try:
                holidays.add(dt.date.fromisoformat(str(value)))
            except ValueError:
                continue  # a malformed holiday is ignored rather than breaking every deadline
        weekend: set[int] = set()
        for value in settings.weekend_days or []:
            try:
                weekend.add(int(value))
            except (TypeError, ValueError):
                continue  # likewise a malformed weekend day
        weekend &= set(range(1, 8))
        if len(weekend) == 7:
            weekend = set()  # a week without a working day would never reach a deadline
        return cls(
            tz=ZoneInfo(settings.timezone or "UTC"),
            weekend=frozenset(weekend),
            holidays=frozenset(holidays),
        )

    def is_working_day(self, day: dt.date) -> bool:
        return day.isoweekday() not in self.weekend and day not in self.holidays

    def add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """``days`` working days after ``start``, at the same local time; a start on a non-working day counts
        from the next working day's beginning."""
        local = start.astimezone(self.tz)
        day = local.date()
        if not self.is_working_day(day):
            while not self.is_working_day(day):
                day += dt.timedelta(days=1)
            local = dt.datetime.combine(day, dt.time(0, 0), tzinfo=self.tz)
        remaining = days
        while remaining > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return dt.datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=self.tz).astimezone(dt.UTC)

    def add_hours(self, start: dt.datetime, hours: int) -> dt.datetime:
        """Clock hours: emergencies do not wait for Monday. Counted in UTC: aware arithmetic in a local zone
        would add wall-clock hours and be an hour off across a DST change."""
        return start.astimezone(dt.UTC) + dt.timedelta(hours=hours)
