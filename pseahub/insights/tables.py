"""A count table as the counting rules produce it, and as it is published once small cells are suppressed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CountTable:
    """Rows by columns of counts (non-negative integers). A one-way table (by month, by type) has one column.

    ``unit`` says what is counted ("allegations", "survivors", "complaints"), ``denominator`` which records
    were counted, and ``left_out`` how many were not (e.g. survivors without statistics consent)."""

    title: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[int]]
    unit: str
    denominator: str
    left_out: int = 0
    row_keys: list[str] = field(default_factory=list)  # stable codes of the rows (term codes, p-codes, months)
    column_keys: list[str] = field(default_factory=list)  # stable codes of the columns of a two-way table

    def __post_init__(self) -> None:
        if len(self.cells) != len(self.row_labels) or any(len(row) != len(self.column_labels) for row in self.cells):
            raise ValueError("cells must have one row per row label and one value per column label")
        if any(value < 0 for row in self.cells for value in row):
            raise ValueError("counts are never negative")

    @property
    def row_totals(self) -> list[int]:
        return [sum(row) for row in self.cells]

    @property
    def column_totals(self) -> list[int]:
        return (
            [sum(column) for column in zip(*self.cells, strict=True)] if self.cells else [0] * len(self.column_labels)
        )

    @property
    def total(self) -> int:
        return sum(self.row_totals)


@dataclass(frozen=True)
class PublishedTable:
    """A ``CountTable`` after suppression: ``None`` marks a value withheld (a small cell, or one that would
    let a reader recompute a small cell from the totals)."""

    source: CountTable
    k: int
    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None

    @property
    def suppressed(self) -> int:
        return sum(value is None for row in self.cells for value in row)

    @property
    def rows(self) -> list[tuple[str, list[int | None], int | None]]:
        """(label, cells, total) per row, for templates."""
        return list(zip(self.source.row_labels, self.cells, self.row_totals, strict=True))
