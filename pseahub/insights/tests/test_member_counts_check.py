"""The checks of a return's counts (``members.counts_problems``): every category, whole numbers from 0, totals that
agree; the same checks the form and the service apply."""

from __future__ import annotations

import copy

import pytest

from pseahub.core.exceptions import ApplicationError
from pseahub.insights.members import MAX_COUNT, counts_check, counts_empty, counts_problems

from .member_helpers import THREE, figures


def _groups(problems: list[tuple[str, str]]) -> list[str]:
    return [group for group, _message in problems]


def test_a_consistent_return_and_a_nil_return_pass():
    assert counts_problems(THREE) == []
    assert counts_problems(counts_empty()) == []


def test_every_table_must_be_given():
    counts = copy.deepcopy(THREE)
    del counts["status"]
    problems = counts_problems(counts)
    assert _groups(problems) == [""] and "every table" in problems[0][1]


def test_every_category_of_a_table_must_be_given():
    counts = copy.deepcopy(THREE)
    del counts["victim_type"]["boy"]
    assert _groups(counts_problems(counts)) == ["victim_type"]


def test_an_unknown_category_is_refused():
    counts = copy.deepcopy(THREE)
    counts["sea_group"]["harassment"] = 0
    assert _groups(counts_problems(counts)) == ["sea_group"]


@pytest.mark.parametrize(("value", "message"), [
    (-1, "cannot be negative"), (1.5, "whole numbers"), (True, "whole numbers"), ("2", "whole numbers"),
    (MAX_COUNT + 1, "too large"),
])  # fmt: skip
def test_counts_are_whole_numbers_from_zero(value, message):
    counts = copy.deepcopy(counts_empty())
    counts["victim_type"]["man"] = value
    problems = counts_problems(counts)
    assert _groups(problems) == ["victim_type"] and message in problems[0][1]


def test_the_allegations_by_entity_type_and_by_status_add_up_to_those_by_type():
    counts = figures(sea={"SE": 3}, entity={"un_agency": 2}, status={"open": 4})
    problems = dict(counts_problems(counts))
    assert set(problems) == {"entity_type", "status"}
    assert "add up to 2, but the allegations by type to 3" in problems["entity_type"]
    assert "add up to 4, but the allegations by type to 3" in problems["status"]


def test_survivors_are_counted_only_with_an_allegation():
    problems = counts_problems(figures(victims={"woman": 1}))
    assert _groups(problems) == ["victim_type"]


def test_counts_check_orders_the_stored_counts_and_names_every_problem():
    shuffled = {key: dict(reversed(list(values.items()))) for key, values in reversed(list(THREE.items()))}
    stored = counts_check(shuffled)
    assert list(stored) == ["sea_group", "entity_type", "victim_type", "status"]
    assert list(stored["sea_group"]) == ["SE", "SA", "OTHER", "UNKNOWN"] and stored == THREE
    with pytest.raises(ApplicationError) as raised:
        counts_check(figures(sea={"SE": 3}, entity={"un_agency": 2}, status={"open": 4}))
    assert len(raised.value.extra["problems"]) == 2
