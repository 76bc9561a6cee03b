"""Helpers for the tests of members' own figures: a return's counts from the non-zero categories, and the form's
POST data for them."""

from __future__ import annotations

from typing import Any

from pseahub.insights.members import Counts, counts_empty

PAST = (2025, 2)  # a past quarter (year, quarter): may be reported whatever the date of the test run


def figures(
    *,
    sea: dict[str, int] | None = None,
    entity: dict[str, int] | None = None,
    victims: dict[str, int] | None = None,
    status: dict[str, int] | None = None,
) -> Counts:
    """Every category at 0 but those given."""
    counts = counts_empty()
    for group, given in (("sea_group", sea), ("entity_type", entity), ("victim_type", victims), ("status", status)):
        counts[group].update(given or {})
    return counts


# Three allegations (2 SE, 1 SA) of UN agency personnel (2) and an implementing partner's (1), one open; four
# survivors (2 women, a girl, a boy).
THREE = figures(
    sea={"SE": 2, "SA": 1},
    entity={"un_agency": 2, "implementing_partner": 1},
    victims={"woman": 2, "girl": 1, "boy": 1},
    status={"open": 1, "closed": 2},
)


def form_data(counts: Counts, note: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{group}__{code}": value for group, values in counts.items() for code, value in values.items()
    }
    data["note"] = note
    return data
