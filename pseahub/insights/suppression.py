"""Small-cell suppression of published count tables (README.md, "Small cells").

The table and its totals are read as one grid of (rows + 1) x (columns + 1) entries: the cells, each row's total
in an extra column, each column's total in an extra row, and the grand total in the corner. Every line of that
grid adds up: a total is the sum of its cells, and the grand total the sum of the row totals and of the column
totals. A reader who sees some entries knows, for the withheld ones, only these sums and that none of them is
zero (zeros are always shown).

Primary suppression withholds every entry, cell or total, from 1 to k-1. A withheld entry is safe when the
withheld entries let it change by one while every sum still holds and no withheld entry falls below 1: the
withheld entries then form a cycle through it that alternates row and column, and adding one on the way there
and taking one on the way back (a total moves against its cells) gives the reader a second table that shows the
same. Conversely, if a withheld entry can take another value at all, some such cycle of one exists (the
difference between the two tables splits into such cycles, each moving every entry towards the other table).
A small entry is kept safe in the stronger sense wherever the table allows it: it can move by one and stay
between 1 and k-1, so that a reader who guessed which withheld entries are the small ones still could not tell
its value.

Secondary suppression takes the small entries in a fixed order (cells row by row, then row totals, column
totals, the grand total). For one that is not yet safe it withholds the cheapest path that closes such a cycle:
fewest grand totals, then fewest row or column totals, then fewest cells, then the smallest cells, then the
smallest totals. The complementary entries are then shown again one at a time (the grand total first, then
totals, then cells, each from the largest) whenever everything withheld stays safe without them. The result
depends only on the counts and k."""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Container

from .tables import CountTable, PublishedTable

Entry = tuple[int, int]  # (row, column) in the grid; row R holds the column totals, column C the row totals
Cost = tuple[int, int, int, int, int]  # grand totals, other totals, cells, sum of cells, sum of totals

_FREE: Cost = (0, 0, 0, 0, 0)


class _Grid:
    """The table with its totals as a graph: a vertex per row (the column totals' row included) and per column
    (the row totals' column included), and an edge per non-zero entry. Zeros are shown and never withheld, so
    they lie on no cycle."""

    def __init__(self, table: CountTable) -> None:
        self.rows, self.columns = len(table.row_labels), len(table.column_labels)
        rows, columns = self.rows, self.columns
        grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
        grid.append([*table.column_totals, table.total])
        self.values = {(r, c): grid[r][c] for r in range(rows + 1) for c in range(columns + 1) if grid[r][c]}
        # Along a cycle a total moves against the cells of its line: -1 for a row or column total, +1 for a cell
        # and for the grand total.
        self.sign = {(r, c): -1 if (r == rows) != (c == columns) else 1 for r, c in self.values}
        self.cost: dict[Entry, Cost] = {}
        for (r, c), value in self.values.items():
            if (r, c) == (rows, columns):
                self.cost[r, c] = (1, 0, 0, 0, value)
            elif r == rows or c == columns:
                self.cost[r, c] = (0, 1, 0, 0, value)
            else:
                self.cost[r, c] = (0, 0, 1, value, 0)
        # Row r is vertex r, column c is vertex rows + 1 + c. Dicts keep insertion order: the search is
        # deterministic.
        self.neighbours: dict[int, list[tuple[int, Entry]]] = {}
        for r, c in self.values:
            self.neighbours.setdefault(r, []).append((rows + 1 + c, (r, c)))
            self.neighbours.setdefault(rows + 1 + c, []).append((r, (r, c)))

    def is_total(self, entry: Entry) -> bool:
        return entry[0] == self.rows or entry[1] == self.columns

    def steps(self, target: Entry, step: int) -> tuple[int, int, int]:
        """Where a cycle moving ``target`` by ``step`` starts and ends (its column, its row), and which way a
        cell walked from its row to its column moves (the other way when walked from its column to its row)."""
        return self.rows + 1 + target[1], target[0], step * self.sign[target]

    def can_move(self, entry: Entry, leaving_row: bool, direction: int) -> bool:
        """An entry can always go up, and down only from 2 or more: it is at least 1."""
        return (direction if leaving_row else -direction) * self.sign[entry] > 0 or self.values[entry] >= 2


def _add(a: Cost, b: Cost) -> Cost:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4])


def _cycle(grid: _Grid, usable: Container[Entry], target: Entry, step: int) -> set[Entry] | None:
    """A cycle of ``usable`` entries along which ``target`` changes by ``step`` (+1 or -1) and every entry stays
    at 1 or more, as its entries besides ``target``; None if there is none. A breadth-first search for a path
    from the target's column back to its row."""
    start, end, direction = grid.steps(target, step)
    through: dict[int, tuple[int, Entry]] = {}
    queue = deque([start])
    while queue:
        vertex = queue.popleft()
        if vertex == end:
            path = set()
            while vertex != start:
                vertex, entry = through[vertex]
                path.add(entry)
            return path
        leaving_row = vertex <= grid.rows
        for neighbour, entry in grid.neighbours.get(vertex, []):
            if neighbour in through or neighbour == start or entry == target or entry not in usable:
                continue
            if grid.can_move(entry, leaving_row, direction):
                through[neighbour] = (vertex, entry)
                queue.append(neighbour)
    return None


def _cheapest_cycle(grid: _Grid, withheld: set[Entry], target: Entry, step: int) -> tuple[Cost, set[Entry]] | None:
    """Like ``_cycle`` with every non-zero entry usable, but the cheapest: withheld entries cost nothing, the
    others ``_Grid.cost``. Returns the cost and the entries to withhold besides ``withheld``."""
    start, end, direction = grid.steps(target, step)
    best: dict[int, Cost] = {start: _FREE}
    through: dict[int, tuple[int, Entry]] = {}
    heap: list[tuple[Cost, int]] = [(_FREE, start)]
    while heap:
        cost, vertex = heapq.heappop(heap)
        if vertex == end:
            path: set[Entry] = set()
            while vertex != start:
                vertex, entry = through[vertex]
                path.add(entry)
            return cost, path - withheld
        if cost > best[vertex]:
            continue
        leaving_row = vertex <= grid.rows
        for neighbour, entry in grid.neighbours.get(vertex, []):
            if entry == target or not grid.can_move(entry, leaving_row, direction):
                continue
            reached = cost if entry in withheld else _add(cost, grid.cost[entry])
            if neighbour not in best or reached < best[neighbour]:
                best[neighbour], through[neighbour] = reached, (vertex, entry)
                heapq.heappush(heap, (reached, neighbour))
    return None


def _steps(value: int, k: int | None) -> list[int]:
    """The moves that keep an entry at 1 or more and, if ``k`` is given, under k."""
    return [step for step in (1, -1) if value + step >= 1 and (k is None or value + step < k)]


def _witness(grid: _Grid, withheld: Container[Entry], entry: Entry, steps: list[int]) -> set[Entry] | None:
    """A cycle of withheld entries that keeps ``entry`` safe, or None."""
    return next((cycle for step in steps if (cycle := _cycle(grid, withheld, entry, step)) is not None), None)


def _withheld(grid: _Grid, k: int) -> set[Entry]:
    small = sorted((entry for entry, value in grid.values.items() if value < k), key=lambda e: (grid.is_total(e), e))
    withheld = set(small)
    # The moves each withheld entry must be able to make: a small one stays under k wherever some cycle allows
    # it (with everything withheld), otherwise it need only change; a complementary one need only change.
    steps: dict[Entry, list[int]] = {}
    for entry in small:
        in_range = _steps(grid.values[entry], k)
        possible = _witness(grid, grid.values.keys(), entry, in_range) is not None
        steps[entry] = in_range if possible else _steps(grid.values[entry], None)
    for entry in small:
        if _witness(grid, withheld, entry, steps[entry]) is None:
            options = [cycle for step in steps[entry] if (cycle := _cheapest_cycle(grid, withheld, entry, step))]
            # Withholding every non-zero entry always makes a cycle of one: a cell, its row and column totals
            # and the grand total go up together. So there is always an option.
            withheld |= min(options, key=lambda option: option[0])[1]
    for entry in withheld - set(small):
        steps[entry] = _steps(grid.values[entry], None)
    witness = {entry: _witness(grid, withheld, entry, steps[entry]) or set() for entry in withheld}
    # Show again what is not needed, the costliest first. Only the entries whose cycle went through it can
    # have lost their safety.
    complementary = sorted(withheld - set(small), key=lambda e: (grid.cost[e][:2], grid.values[e], e), reverse=True)
    for entry in complementary:
        trial = withheld - {entry}
        rechecked = {other: _witness(grid, trial, other, steps[other]) for other in trial if entry in witness[other]}
        if all(cycle is not None for cycle in rechecked.values()):
            withheld = trial
            witness.update({other: cycle for other, cycle in rechecked.items() if cycle is not None})
    return withheld


def suppress(table: CountTable, k: int) -> PublishedTable:
    """``table`` as published with smallest published count ``k``: None marks a withheld value."""
    if k < 2:
        raise ValueError("the smallest published count is at least 2")
    grid = _Grid(table)
    withheld = _withheld(grid, k)
    rows, columns = grid.rows, grid.columns

    def shown(r: int, c: int, value: int) -> int | None:
        return None if (r, c) in withheld else value

    return PublishedTable(
        source=table,
        k=k,
        cells=[[shown(r, c, value) for c, value in enumerate(row)] for r, row in enumerate(table.cells)],
        row_totals=[shown(r, columns, value) for r, value in enumerate(table.row_totals)],
        column_totals=[shown(rows, c, value) for c, value in enumerate(table.column_totals)],
        total=shown(rows, columns, table.total),
    )
