"""No withheld count can be worked out from a published table: a brute-force proof over many small tables.

The reader is taken to know the rule: a withheld cell is a small count (1 to k-1) or a complementary one (k or
more), so never zero, since zeros are shown. For each table we list every way of filling the withheld cells with
counts of 1 or more that agrees with every value shown (each shown total is an equation, a withheld total is
just the sum of its line), and require that

- every withheld cell and every withheld total takes at least two values across these tables;
- a small cell, even for a reader who guessed it is one of the small ones, takes at least two values from 1 to
  k-1 (possible whenever k is 3 or more); the same for a small total, whenever the table allows it at all: with
  everything withheld, a total of n non-zero cells can be anything from n up, so that needs n + 1 < k.

The enumeration is exhaustive: it only skips partial fillings that already break a shown total, and fills
independently the groups of cells that no shown total ties together. A withheld cell is at most the smallest
shown total of its lines; with none shown, at most the table's largest count plus 2 (a smaller search space can
only find fewer values, so the bound never lets a leak through). The true table must be among the fillings, and
the last tests show that the check does find leaks."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from pseahub.insights.suppression import suppress
from pseahub.insights.tables import CountTable, PublishedTable

Cell = tuple[int, int]


def table_of(cells: list[list[int]]) -> CountTable:
    return CountTable(
        title="t",
        row_labels=[f"r{r}" for r in range(len(cells))],
        column_labels=[f"c{c}" for c in range(len(cells[0]))],
        cells=cells,
        unit="allegations",
        denominator="",
    )


def shown_lines(published: PublishedTable) -> list[tuple[list[Cell], int]]:
    """Each shown total as (its withheld cells, what they add up to: the total less its line's shown cells)."""
    cells = published.cells
    rows, columns = len(cells), len(cells[0])
    lines = [([(r, c) for c in range(columns)], total) for r, total in enumerate(published.row_totals)]
    lines += [([(r, c) for r in range(rows)], total) for c, total in enumerate(published.column_totals)]
    lines.append(([(r, c) for r in range(rows) for c in range(columns)], published.total))
    return [
        ([(r, c) for r, c in line if cells[r][c] is None], total - sum(cells[r][c] or 0 for r, c in line))
        for line, total in lines
        if total is not None
    ]


Line = tuple[list[Cell], int]


def fillings(unknown: list[Cell], lines: list[Line], cap: dict[Cell, int]) -> Iterator[dict[Cell, int]]:
    """Every filling of the ``unknown`` cells, each from 1 to its ``cap``, that agrees with ``lines``: a
    depth-first search that fills in a cell as soon as a line leaves it one value, and drops a partial filling
    as soon as a line can no longer add up."""
    caps = [cap[cell] for cell in unknown]
    members = [[unknown.index(cell) for cell in line] for line, _rest in lines]
    lines_of = [[i for i, line in enumerate(members) if cell in line] for cell in range(len(unknown))]

    def fill(state: tuple[list[int | None], list[int], list[int], list[int]], cell: int, value: int) -> bool:
        values, left, open_cells, room = state
        pending = [(cell, value)]
        values[cell] = value
        while pending:
            cell, value = pending.pop()
            for line in lines_of[cell]:
                left[line] -= value
                open_cells[line] -= 1
                room[line] -= caps[cell]
                if not open_cells[line] <= left[line] <= room[line]:  # each open cell is 1 to its cap
                    return False
                last = [other for other in members[line] if values[other] is None]
                if open_cells[line] == 1 and last:
                    if not 1 <= left[line] <= caps[last[0]]:
                        return False
                    values[last[0]] = left[line]
                    pending.append((last[0], left[line]))
        return True

    def search(state: tuple[list[int | None], list[int], list[int], list[int]]) -> Iterator[dict[Cell, int]]:
        values, left, open_cells, _room = state
        choices = sorted(
            (open_cells[line], line, other)
            for line in range(len(members))
            for other in members[line]
            if values[other] is None
        )
        free = [other for other, value in enumerate(values) if value is None]
        if not free:
            yield {unknown[i]: value for i, value in enumerate(values) if value is not None}
            return
        cell = choices[0][2] if choices else free[0]
        most = min([caps[cell]] + [left[line] - open_cells[line] + 1 for line in lines_of[cell]])
        for value in range(1, most + 1):
            child = (list(values), list(left), list(open_cells), list(state[3]))
            if fill(child, cell, value):
                yield from search(child)

    start = (
        [None] * len(unknown),
        [rest for _line, rest in lines],
        [len(line) for line in members],
        [sum(caps[cell] for cell in line) for line in members],
    )
    if all(len(line) <= rest <= room for line, rest, room in zip(members, start[1], start[3], strict=True)):
        yield from search((list(start[0]), start[1], start[2], start[3]))


def groups(unknown: list[Cell], lines: list[tuple[list[Cell], int]]) -> list[list[Cell]]:
    """The withheld cells in groups that no shown total ties together: each group can be filled on its own."""
    group = {cell: i for i, cell in enumerate(unknown)}
    for line, _rest in lines:
        for cell in line[1:]:
            old, new = group[cell], group[line[0]]
            group = {other: new if g == old else g for other, g in group.items()}
    return [[cell for cell in unknown if group[cell] == g] for g in sorted(set(group.values()))]


def possible_values(published: PublishedTable, bound: int) -> tuple[dict[Cell, set[int]], bool]:
    """For each withheld entry of the grid (cells, then row totals in column C, column totals in row R, the grand
    total at (R, C)), every value it takes across the fillings; and whether the true table is one of them.

    Cells that no shown total ties together are filled independently, so the tables agreeing with what is shown
    are every combination of one filling per group. A withheld total is the sum of its line, so its values are
    every sum of one value per group of what the group's cells in that line add up to."""
    source, cells = published.source, published.cells
    rows, columns = len(cells), len(cells[0])
    unknown = [(r, c) for r in range(rows) for c in range(columns) if cells[r][c] is None]
    lines = shown_lines(published)
    cap = {cell: min([bound] + [rest for line, rest in lines if cell in line]) for cell in unknown}
    values: dict[Cell, set[int]] = {cell: set() for cell in unknown}
    totals = [([(r, c) for c in range(columns)], published.row_totals[r], (r, columns)) for r in range(rows)]
    totals += [([(r, c) for r in range(rows)], published.column_totals[c], (rows, c)) for c in range(columns)]
    everything = [(r, c) for r in range(rows) for c in range(columns)]
    totals.append((everything, published.total, (rows, columns)))
    sums: dict[Cell, set[int]] = {entry: {0} for line, total, entry in totals if total is None}
    truth = True
    for group in groups(unknown, lines):
        group_lines = [(line, rest) for line, rest in lines if set(line) & set(group)]
        partial: dict[Cell, set[int]] = {entry: set() for entry in sums}
        truth_seen = False
        for filled in fillings(group, group_lines, cap):
            truth_seen = truth_seen or all(source.cells[r][c] == filled[r, c] for r, c in group)
            for cell, value in filled.items():
                values[cell].add(value)
            for line, total, entry in totals:
                if total is None:
                    partial[entry].add(sum(filled.get(cell, 0) for cell in line))
        truth = truth and truth_seen
        sums = {entry: {a + b for a in sums[entry] for b in partial[entry]} for entry in sums}
    for line, total, entry in totals:
        if total is None:
            values[entry] = {value + sum(cells[r][c] or 0 for r, c in line) for value in sums[entry]}
    return values, truth


def leaks(published: PublishedTable) -> list[str]:
    """What a reader could learn from ``published`` beyond what the rule allows (empty if nothing)."""
    source, k = published.source, published.k
    rows, columns = len(source.cells), len(source.cells[0])
    found = []
    # What is shown is true, the small counts are withheld and the zeros shown.
    grid_true = [[*row, total] for row, total in zip(source.cells, source.row_totals, strict=True)]
    grid_true.append([*source.column_totals, source.total])
    grid_shown = [[*row, total] for row, total in zip(published.cells, published.row_totals, strict=True)]
    grid_shown.append([*published.column_totals, published.total])
    for r in range(rows + 1):
        for c in range(columns + 1):
            value, shown = grid_true[r][c], grid_shown[r][c]
            if shown is not None and shown != value:
                found.append(f"{(r, c)} shown as {shown}, is {value}")
            if shown is not None and 0 < value < k:
                found.append(f"{(r, c)} = {value} is small and shown")
            if shown is None and value == 0:
                found.append(f"{(r, c)} is zero and withheld")
    values, truth_seen = possible_values(published, bound=max(value for row in grid_true for value in row) + 2)
    if not truth_seen:
        found.append("the true table is not among the fillings (the search is wrong)")
    for (r, c), seen in values.items():
        value = grid_true[r][c]
        if len(seen) < 2:
            found.append(f"{(r, c)} can only be {sorted(seen)}")
        if value < k:
            is_total = r == rows or c == columns
            non_zero = sum(
                1
                for rr in range(rows)
                for cc in range(columns)
                if source.cells[rr][cc] and (rr == r or r == rows) and (cc == c or c == columns)
            )
            possible = non_zero + 1 < k if is_total else k >= 3
            if possible and len({v for v in seen if v < k}) < 2:
                found.append(f"{(r, c)} = {value}: under k it can only be {sorted(v for v in seen if v < k)}")
    return found


EDGE_CASES: list[tuple[list[list[int]], int]] = [
    ([[0]], 5),
    ([[3]], 5),
    ([[4]], 5),
    ([[1]], 2),
    ([[7]], 5),
    ([[0, 0], [0, 0]], 5),
    ([[1], [0], [2]], 5),  # a one-way table under k
    ([[12], [3], [0], [7], [9]], 5),  # a one-way table with one small count
    ([[1], [1], [20]], 5),  # two ones cannot hide each other
    ([[4], [10], [10]], 5),  # k - 1 must be able to go down
    ([[1, 1, 20]], 5),  # one row
    ([[2, 8, 10], [7, 9, 12], [15, 6, 11]], 5),
    ([[0, 3, 0], [8, 6, 10], [9, 7, 5]], 5),  # a small count alone in its row
    ([[6, 1, 5], [7, 2, 9], [9, 0, 8]], 5),  # a column total under k
    ([[0, 0, 0], [0, 4, 0], [0, 0, 0]], 5),  # the only non-zero cell
    ([[0, 0, 0], [0, 9, 0], [0, 0, 0]], 5),
    ([[9, 0], [0, 2]], 5),  # a small cell alone in its row and column
    ([[9, 0], [0, 9]], 5),
    ([[1, 1], [1, 1]], 5),  # everything under k
    ([[1, 1], [1, 1]], 2),
    ([[1, 1, 1], [1, 1, 1], [1, 1, 1]], 2),  # k = 2: every small cell is 1
    ([[1, 9, 9], [9, 9, 9], [9, 9, 1]], 3),
    ([[2, 0, 0], [0, 2, 0], [0, 0, 2]], 3),  # small cells on the diagonal, every line a single cell
    ([[5, 5, 5], [5, 4, 5], [5, 5, 5]], 5),  # the complements sit at k
    ([[1, 4, 0, 6], [0, 0, 0, 0], [4, 1, 1, 0], [7, 0, 3, 5]], 5),  # a row of zeros
    ([[0, 6, 0, 0], [2, 6, 0, 1], [0, 6, 0, 0], [3, 6, 0, 2]], 5),  # a column of zeros
    ([[20, 1], [20, 1], [20, 1]], 5),  # a column under k
    ([[4, 6], [6, 1]], 5),  # the four cells alone would pin the 4 under k
]


def random_tables(seed: int, count: int) -> list[tuple[list[list[int]], int]]:
    rng = random.Random(seed)
    tables = []
    for _ in range(count):
        rows, columns = rng.randint(1, 4), rng.randint(1, 4)
        k = rng.choice([2, 3, 4, 5, 5, 5])
        weights = rng.choice([[0, 0, 1, 2, 3, 4, 6, 9], [0, 1, 1, 2, 5, 7, 10, 12], [0, 0, 0, 1, 4, 8]])
        tables.append(([[rng.choice(weights) for _ in range(columns)] for _ in range(rows)], k))
    return tables


@pytest.mark.parametrize(("cells", "k"), EDGE_CASES, ids=[f"{cells}-k{k}" for cells, k in EDGE_CASES])
def test_edge_cases_leak_nothing(cells: list[list[int]], k: int) -> None:
    assert leaks(suppress(table_of(cells), k)) == []


@pytest.mark.parametrize("seed", range(4))
def test_random_tables_leak_nothing(seed: int) -> None:
    for cells, k in random_tables(seed, 250):
        published = suppress(table_of(cells), k)
        assert leaks(published) == [], (cells, k, published.cells, published.row_totals, published.column_totals)


def test_the_check_finds_a_cell_given_back_by_combining_lines() -> None:
    """The first suppression hid a second cell in each line with a small one. Here that leaves the small cell
    computable from the two rows and two columns together: the check must say so."""
    source = table_of([[2, 8, 10], [7, 9, 12], [15, 6, 11]])
    leaky = PublishedTable(
        source=source,
        k=5,
        cells=[[None, None, 10], [None, 9, 12], [15, 6, 11]],
        row_totals=source.row_totals,
        column_totals=source.column_totals,
        total=source.total,
    )
    assert "(0, 0) can only be [2]" in leaks(leaky)


def test_the_check_finds_a_small_cell_pinned_under_k() -> None:
    """Two ones that only hide each other: 1 + 1 = 2 and each is at least 1, so both are 1."""
    source = table_of([[1], [1], [20]])
    leaky = PublishedTable(
        source=source,
        k=5,
        cells=[[None], [None], [20]],
        row_totals=[None, None, 20],
        column_totals=[22],
        total=22,
    )
    assert "(0, 0) can only be [1]" in leaks(leaky)


def test_the_check_finds_a_small_cell_pinned_under_k_by_its_neighbours() -> None:
    """4 and 1 hidden with the two 6s: b = c = 10 - a and d = a - 3 >= 1, so a is 4, 5 or 6. A reader who
    guessed that a is one of the small ones would know it is 4."""
    source = table_of([[4, 6], [6, 1]])
    leaky = PublishedTable(
        source=source,
        k=5,
        cells=[[None, None], [None, None]],
        row_totals=source.row_totals,
        column_totals=source.column_totals,
        total=source.total,
    )
    assert leaks(leaky) == ["(0, 0) = 4: under k it can only be [4]"]
