"""The risk assessment's arithmetic, with numbers worked out by hand (``risk_scoring``)."""

from __future__ import annotations

import pytest

from pseahub.planning import risk_scoring as scoring
from pseahub.planning.frameworks import INDEX_CLASSES, MATRIX_CLASSES


def test_a_factor_is_the_mean_likelihood_times_the_mean_impact():
    # likelihoods 4, 2, 3 → mean 3; impacts 5, 3, 4 → mean 4; score 12 (not the mean product (20+6+12)/3 = 12.67)
    result = scoring.factor_result("lists", [(4, 5), (2, 3), (3, 4)])
    assert result is not None
    assert (result.likelihood, result.impact, result.score, result.contributions) == (3, 4, 12, 3)


def test_a_half_scored_factor_is_left_out_and_nothing_scored_gives_none():
    result = scoring.factor_result("lists", [(5, None), (2, 2), (None, None)])
    assert result is not None and result.contributions == 1 and result.score == 4
    assert scoring.factor_result("lists", [(None, 3)]) is None


def test_a_cell_shows_its_highest_factor():
    cell = scoring.cell_result({"a": [(2, 2), (4, 4)], "b": [(5, 4)], "c": []})  # a: 3 x 3 = 9; b: 20
    assert cell is not None and cell.factor == "b" and cell.score == 20
    assert scoring.cell_result({"a": [], "b": []}) is None


@pytest.mark.parametrize(
    ("score", "code"), [(25, "high"), (15, "high"), (14.9, "medium"), (8, "medium"), (7.5, "low"), (1, "low")]
)
def test_matrix_classes(score, code):
    assert scoring.classify(score, MATRIX_CLASSES)["code"] == code


def test_no_class_without_a_score_or_below_every_band():
    assert scoring.classify(None, MATRIX_CLASSES) is None
    assert scoring.classify(0.5, MATRIX_CLASSES) is None
    assert scoring.classify(3.2, INDEX_CLASSES)["code"] == "medium"


def test_the_index_is_the_mean_of_dimension_means():
    # enabling: (4+2)/2 = 3 and 5 → 4; humanitarian: 2 → 2; capacity: nothing → left out; overall (4+2)/2 = 3
    overall, dimensions = scoring.index_result(
        {"enabling": {"a": [4, 2], "b": [5]}, "humanitarian": {"c": [2], "d": []}, "capacity": {"e": []}}
    )
    assert overall == 3 and dimensions == {"enabling": 4, "humanitarian": 2}
    assert scoring.index_result({"x": {"a": []}}) == (None, {})


def test_change_since_the_previous_round():
    assert scoring.change(12, 16) == scoring.UP
    assert scoring.change(12, 9) == scoring.DOWN
    assert scoring.change(12.04, 11.96) == scoring.SAME  # both 12.0 to one decimal
    assert scoring.change(None, 9) == scoring.NEW
    assert scoring.change(9, None) == scoring.GONE
    assert scoring.change(None, None) is None


def test_classes_are_written_one_a_line_and_sorted_highest_first():
    classes = scoring.parse_classes("8; medium; Medium\n\n16; high; High\n1; low; Low")
    assert [(c["min"], c["code"]) for c in classes] == [(16, "high"), (8, "medium"), (1, "low")]
    assert scoring.parse_classes(scoring.format_classes(classes)) == classes
    for bad in ["", "high; 15", "x; high; High", "15; high; High\n15; medium; Medium", "1; a; A\n2; a; B"]:
        with pytest.raises(ValueError):
            scoring.parse_classes(bad)
