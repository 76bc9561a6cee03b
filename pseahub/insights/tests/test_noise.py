"""Calibrated noise on a count table (``noise.noisy_table``): each cell gets the mechanism's noise, a negative result
is 0, the totals are the sums of the noisy cells, and a survivors table's ``left_out`` gets noise too. With
OpenDP's discrete Laplace mechanism the noise has the expected size."""

from __future__ import annotations

import math

import pytest

from pseahub.insights.noise import laplace_mechanism, noise_info, noisy_table
from pseahub.insights.suppression import suppress
from pseahub.insights.tables import CountTable


def _table(cells: list[list[int]], *, unit: str = "allegations", left_out: int = 0) -> CountTable:
    return CountTable(
        title="By type",
        row_labels=[f"row {n}" for n in range(len(cells))],
        column_labels=[f"column {n}" for n in range(len(cells[0]))],
        cells=cells,
        unit=unit,
        denominator="Every allegation.",
        left_out=left_out,
        row_keys=[f"r{n}" for n in range(len(cells))],
    )


def _scripted(*noise: int):
    """A mechanism that adds the given noise, in order, one value per count asked for."""
    drawn = iter(noise)
    asked: list[int] = []

    def mechanism(count: int) -> int:
        asked.append(count)
        return count + next(drawn)

    return mechanism, asked


def test_each_cell_gets_its_noise_and_the_totals_are_those_of_the_noisy_cells():
    table = _table([[3, 0], [7, 12]])
    mechanism, asked = _scripted(+2, -1, 0, -5)

    noisy = noisy_table(table, 1.0, mechanism=mechanism)

    assert asked == [3, 0, 7, 12]  # cells row by row, each once
    # 3+2 = 5; 0-1 = -1 is clamped to 0; 7+0 = 7; 12-5 = 7.
    assert noisy.cells == [[5, 0], [7, 7]]
    assert (noisy.row_totals, noisy.column_totals, noisy.total) == ([5, 14], [12, 7], 19)
    assert (noisy.row_labels, noisy.row_keys, noisy.title, noisy.left_out) == (
        table.row_labels, table.row_keys, "By type", 0,
    )  # fmt: skip
    assert table.cells == [[3, 0], [7, 12]]  # the true table is left as it was


def test_a_survivors_table_also_gets_noise_on_those_left_out():
    table = _table([[4], [1]], unit="survivors", left_out=2)
    mechanism, asked = _scripted(+1, -3, +4)

    noisy = noisy_table(table, 0.5, mechanism=mechanism)

    assert asked == [4, 1, 2]
    assert (noisy.cells, noisy.total, noisy.left_out) == ([[5], [0]], 5, 6)


def test_an_allegations_table_keeps_its_left_out_as_it_is():
    mechanism, asked = _scripted(0)

    assert noisy_table(_table([[9]]), 1.0, mechanism=mechanism).left_out == 0
    assert asked == [9]


def test_suppression_applies_to_the_noisy_table():
    # One-way: 6 and 2 true; noise +0 and +3 makes 6 and 5, nothing under 5 is left to withhold.
    mechanism, _asked = _scripted(0, +3)
    noisy = noisy_table(_table([[6], [2]]), 1.0, mechanism=mechanism)

    published = suppress(noisy, 5)

    assert (published.cells, published.total) == ([[6], [5]], 11)
    # And the other way round: a true 5 pushed to 4 is withheld, with its neighbour, the total giving it back.
    mechanism, _asked = _scripted(-1, 0)
    assert suppress(noisy_table(_table([[5], [8]]), 1.0, mechanism=mechanism), 5).cells == [[None], [None]]


@pytest.mark.parametrize("epsilon", [0.05, 0.0, -1.0, 10.5])
def test_an_epsilon_outside_the_network_settings_range_is_refused(epsilon):
    with pytest.raises(ValueError, match=r"epsilon must be between 0\.1 and 10"):
        noisy_table(_table([[1]]), epsilon, mechanism=lambda count: count)


def test_the_noise_is_recorded_with_its_mechanism_and_library():
    assert noise_info(1) == {"mechanism": "discrete_laplace", "epsilon": 1.0, "library": "opendp 0.16.0"}


# --- OpenDP's mechanism -----------------------------------------------------------------------------------------
def _expected_absolute_noise(epsilon: float) -> float:
    """E|X| for the discrete Laplace distribution of scale 1/epsilon: P(x) ∝ a^|x| with a = exp(-epsilon), so
    E|X| = 2a / (1 - a²)."""
    a = math.exp(-epsilon)
    return 2 * a / (1 - a * a)


@pytest.mark.parametrize("epsilon", [0.5, 1.0])
def test_opendp_noise_has_the_size_of_its_epsilon(epsilon):
    draws = 2000
    true = 20
    mechanism = laplace_mechanism(epsilon)
    noise = [mechanism(true) - true for _ in range(draws)]

    assert all(isinstance(value, int) for value in noise)
    expected = _expected_absolute_noise(epsilon)  # 0.85 at 1, 2.04 at 0.5
    mean_absolute = sum(abs(value) for value in noise) / draws
    # The standard error of this mean is under 0.06 at 0.5 and 0.03 at 1: ±30 % is over 10 standard errors.
    assert 0.7 * expected < mean_absolute < 1.3 * expected
    assert abs(sum(noise) / draws) < 0.5  # centred on the true count (standard error under 0.07)
    assert len(set(noise)) >= 5  # it is noise, not a constant


def test_opendp_noise_on_a_table_keeps_its_shape():
    table = _table([[30, 12], [8, 0], [25, 40]], unit="survivors", left_out=6)

    noisy = noisy_table(table, 1.0)

    assert len(noisy.cells) == 3 and all(len(row) == 2 for row in noisy.cells)
    assert all(isinstance(value, int) and value >= 0 for row in noisy.cells for value in row)
    assert noisy.total == sum(noisy.row_totals) == sum(noisy.column_totals)
    assert noisy.left_out >= 0


def test_with_a_large_epsilon_the_noisy_table_rarely_differs():
    # At epsilon 10 a count moves with probability about 2·e^-10 ≈ 1e-4: over 200 tables of 6 counts, 0.1 moves
    # are expected; 5 or more would take odds under 1e-10.
    table = _table([[30, 12], [8, 0], [25, 40]])
    differing = sum(noisy_table(table, 10.0).cells != table.cells for _ in range(200))

    assert differing < 5


def test_with_a_small_epsilon_the_noisy_table_usually_differs():
    # At epsilon 0.1 a count stays put with probability (1-a)/(1+a) ≈ 0.05: six in a row, 1.5e-8.
    table = _table([[30, 12], [8, 0], [25, 40]])

    assert sum(noisy_table(table, 0.1).cells != table.cells for _ in range(20)) >= 19


def test_the_network_setting_accepts_the_range_the_noise_accepts():
    from pseahub.insights.noise import EPSILON_MAX, EPSILON_MIN
    from pseahub.network.models import NetworkSettings

    validators = NetworkSettings._meta.get_field("outside_noise_epsilon").validators
    assert sorted(validator.limit_value for validator in validators) == [EPSILON_MIN, EPSILON_MAX]
