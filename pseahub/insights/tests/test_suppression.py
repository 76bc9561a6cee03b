"""Small-cell suppression with hand-computed expected tables (README.md, "Small cells"). ``_`` marks a withheld
value. Why no withheld value can be worked out is proved over many tables in test_suppression_brute_force.py;
here, which values are withheld."""

from __future__ import annotations

import pytest

from pseahub.insights.suppression import suppress
from pseahub.insights.tables import CountTable

_ = None


def table_of(cells: list[list[int]]) -> CountTable:
    return CountTable(
        title="Allegations",
        row_labels=[f"row {r}" for r in range(len(cells))],
        column_labels=[f"column {c}" for c in range(len(cells[0]))],
        cells=cells,
        unit="allegations",
        denominator="Every allegation.",
    )


def published(cells: list[list[int]], k: int = 5) -> tuple:
    table = suppress(table_of(cells), k)
    return table.cells, table.row_totals, table.column_totals, table.total


def test_a_table_without_small_counts_is_shown_whole() -> None:
    cells = [[5, 0, 12], [7, 9, 0]]
    assert published(cells) == (cells, [17, 16], [12, 9, 12], 33)


def test_a_small_cell_is_hidden_with_the_cheapest_rectangle() -> None:
    """The 2 alone would come back from its row total (20 - 8 - 10) and so would any second cell of its row
    from its column. Hiding the corners of a rectangle lets the four move together: 2+1, 8-1, 7-1, 9+1 shows
    the same totals. Of the four rectangles through the 2, the one with 8, 7 and 9 hides the least (24;
    8, 15, 6: 29; 10, 7, 12: 29; 10, 15, 11: 36)."""
    cells = [[2, 8, 10], [7, 9, 12], [15, 6, 11]]
    assert published(cells) == (
        [[_, _, 10], [_, _, 12], [15, 6, 11]],
        [20, 28, 32],
        [24, 23, 33],
        80,
    )


def test_a_one_way_table_hides_the_next_smallest_count() -> None:
    """The total gives the 3 back unless another count is hidden with it: the smallest other non-zero one, 7.
    A one-way table's row totals are its cells, hidden with them."""
    cells = [[12], [3], [0], [7], [9]]
    assert published(cells) == ([[12], [_], [0], [_], [9]], [12, _, 0, _, 9], [31], 31)


def test_two_small_counts_of_a_one_way_table_hide_each_other() -> None:
    """3 + 4 = 7 with each from 1 to 4: 3 could be 4 and 4 could be 3. Nothing else need go."""
    assert published([[3], [10], [4]]) == ([[_], [10], [_]], [_, 10, _], [17], 17)


def test_two_ones_cannot_hide_each_other() -> None:
    """1 + 1 = 2 and neither can be 0 (zeros are shown), so both are 1: the 20 goes too."""
    assert published([[1], [1], [20]]) == ([[_], [_], [_]], [_, _, _], [22], 22)


def test_a_small_count_alone_in_its_row_takes_another_row_total_with_it() -> None:
    """Row 0 holds only the 3, so its total is 3 and is withheld; the 3 and its total then move together, and
    only another row's total can move against them. The cheapest is row 1's, with its 6 (the smallest cell
    of the column; row 2 would take the 7)."""
    cells = [[0, 3, 0], [8, 6, 10], [9, 7, 5]]
    assert published(cells) == (
        [[0, _, 0], [8, _, 10], [9, 7, 5]],
        [_, _, 21],
        [17, 16, 15],
        48,
    )


def test_a_total_under_k_takes_another_total_with_it() -> None:
    """Column 1 adds up to 3: withheld. The 1 needs a cell of its row to move against it: the 1 and 2 go with
    the 6 and 7 (13, against 5 and 9: 14). Column 1's total would still come back as 47 - 22 - 22, so column 0's
    total (22, equal to column 2's but first) is withheld too."""
    cells = [[6, 1, 5], [7, 2, 9], [9, 0, 8]]
    assert published(cells) == (
        [[_, _, 5], [_, _, 9], [9, 0, 8]],
        [12, 18, 17],
        [_, _, 22],
        47,
    )


def test_a_table_under_k_is_withheld_whole_but_its_zeros() -> None:
    assert published([[1], [0], [2]]) == ([[_], [0], [_]], [_, 0, _], [_], _)
    assert published([[1, 1], [1, 1]]) == ([[_, _], [_, _]], [_, _], [_, _], _)


def test_a_lone_small_cell_keeps_the_grand_total_shown() -> None:
    """The 2 is alone in its row and its column, so both totals are withheld; the 9 and its two totals move
    against them (the other way round, through the grand total, would hide the grand total)."""
    assert published([[9, 0], [0, 2]]) == ([[_, 0], [0, _]], [_, _], [_, _], 11)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([[0]], ([[0]], [0], [0], 0)),
        ([[0, 0], [0, 0]], ([[0, 0], [0, 0]], [0, 0], [0, 0], 0)),
        ([[3]], ([[_]], [_], [_], _)),
        ([[7]], ([[7]], [7], [7], 7)),
    ],
)
def test_one_cell_and_all_zero_tables(cells: list[list[int]], expected: tuple) -> None:
    assert published(cells) == expected


def test_k_is_the_network_setting() -> None:
    """With k = 10, the 2, 8, 7 and 9 hide each other; the 6 is alone in its row and the 15 is the one cell
    that closes a cycle with them (10 and 11, or 12 and 11, would be two)."""
    cells = [[2, 8, 10], [7, 9, 12], [15, 6, 11]]
    assert published(cells, k=2) == (cells, [20, 28, 32], [24, 23, 33], 80)
    assert published(cells, k=10)[0] == [[_, _, 10], [_, _, 12], [_, _, 11]]


def test_k_is_at_least_two() -> None:
    with pytest.raises(ValueError):
        suppress(table_of([[1]]), 1)


def test_the_same_table_is_always_published_the_same_way() -> None:
    cells = [[1, 4, 0, 6], [0, 0, 0, 0], [4, 1, 1, 0], [7, 0, 3, 5], [2, 2, 9, 9]]
    first = suppress(table_of(cells), 5)
    assert all(suppress(table_of([list(row) for row in cells]), 5) == first for _ in range(5))
