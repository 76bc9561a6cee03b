"""Small-cell suppression of published count tables (README.md, "Small cells").

Primary: a cell counting 1 to k-1 is withheld. Secondary: wherever a row or a column would then have exactly
one withheld cell, the smallest other non-zero cell of that line is withheld too, so that its total cannot
give the first one back; repeated until no line has a lone withheld cell. A total under k is withheld."""

from __future__ import annotations

from .tables import CountTable, PublishedTable


def _lone_lines(hidden: list[list[bool]], cells: list[list[int]]) -> list[list[tuple[int, int]]]:
    """Lines (rows, then columns) with exactly one withheld cell, as the positions of their other cells."""
    rows, columns = len(cells), len(cells[0]) if cells else 0
    lines = [[(r, c) for c in range(columns)] for r in range(rows)]
    lines += [[(r, c) for r in range(rows)] for c in range(columns)]
    return [line for line in lines if sum(hidden[r][c] for r, c in line) == 1]


def suppress(table: CountTable, k: int) -> PublishedTable:
    cells = table.cells
    hidden = [[0 < value < k for value in row] for row in cells]
    while True:
        changed = False
        for line in _lone_lines(hidden, cells):
            candidates = [(cells[r][c], r, c) for r, c in line if not hidden[r][c] and cells[r][c] > 0]
            if candidates:
                _value, r, c = min(candidates)
                hidden[r][c] = changed = True
        if not changed:
            break
    published = [[None if hidden[r][c] else value for c, value in enumerate(row)] for r, row in enumerate(cells)]

    def shown(total: int) -> int | None:
        return None if 0 < total < k else total

    return PublishedTable(
        source=table,
        k=k,
        cells=published,
        row_totals=[shown(total) for total in table.row_totals],
        column_totals=[shown(total) for total in table.column_totals],
        total=shown(table.total),
    )
