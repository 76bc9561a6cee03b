# ruff: noqa: RUF002
"""The joint risk assessment's arithmetic, as pure functions (no database): tested with hand-computed numbers.

The rule (also in ``README.md``):

- a matrix's risk factor in one sector and area: the **mean likelihood × the mean impact** over the submitted
  contributions that scored it (both 1–5, so 1–25);
- a sector × area cell: its **highest** risk factor (the score, the factor, its mean likelihood and impact);
- an index indicator in one area: the mean of its scores; a dimension: the mean of its indicators' means; the
  area's index: the mean of its dimensions' means;
- a score's class: the first of the framework's ``classes`` (highest first) whose ``min`` it reaches;
- a cell against the previous round's: up, down or the same when both rounded to one decimal are equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

UP, DOWN, SAME, NEW, GONE = "up", "down", "same", "new", "gone"


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class FactorResult:
    factor: str
    likelihood: float
    impact: float
    contributions: int

    @property
    def score(self) -> float:
        return self.likelihood * self.impact


def factor_result(factor: str, pairs: Iterable[tuple[int | None, int | None]]) -> FactorResult | None:
    """Mean likelihood and mean impact of one factor over the contributions that gave both, or None."""
    complete = [(likelihood, impact) for likelihood, impact in pairs if likelihood and impact]
    if not complete:
        return None
    return FactorResult(
        factor=factor,
        likelihood=sum(pair[0] for pair in complete) / len(complete),
        impact=sum(pair[1] for pair in complete) / len(complete),
        contributions=len(complete),
    )


def cell_result(factors: dict[str, list[tuple[int | None, int | None]]]) -> FactorResult | None:
    """The highest-scoring factor of a sector × area cell (ties: the first factor in the given order)."""
    best: FactorResult | None = None
    for factor, pairs in factors.items():
        result = factor_result(factor, pairs)
        if result is not None and (best is None or result.score > best.score):
            best = result
    return best


def classify(score: float | None, classes: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The first class (highest ``min`` first) that ``score`` reaches; None for no score or no class."""
    if score is None:
        return None
    for band in sorted(classes, key=lambda band: -float(band.get("min", 0))):
        if score >= float(band.get("min", 0)):
            return band
    return None


def index_result(dimensions: dict[str, dict[str, list[int]]]) -> tuple[float | None, dict[str, float]]:
    """An area's index: {dimension: {indicator: [values]}} → (overall mean of dimension means, {dimension: mean
    of its indicators' means}); dimensions without any score are left out of both."""
    by_dimension: dict[str, float] = {}
    for dimension, indicators in dimensions.items():
        means = [m for m in (mean(values) for values in indicators.values()) if m is not None]
        dimension_mean = mean(means)
        if dimension_mean is not None:
            by_dimension[dimension] = dimension_mean
    return mean(list(by_dimension.values())), by_dimension


def change(previous: float | None, current: float | None) -> str | None:
    """How a cell moved since the previous round: up, down, same; new or gone when only one has a score."""
    if previous is None and current is None:
        return None
    if previous is None:
        return NEW
    if current is None:
        return GONE
    before, now = round(previous, 1), round(current, 1)
    return UP if now > before else DOWN if now < before else SAME


def parse_classes(text: str) -> list[dict[str, Any]]:
    """Classes written one a line as ``min; code; name`` (e.g. ``15; high; High``), highest first.
    Raises ValueError with what is wrong."""
    classes: list[dict[str, Any]] = []
    for number, line in enumerate((line.strip() for line in text.splitlines()), start=1):
        if not line:
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"line {number}")
        try:
            minimum = float(parts[0])
        except ValueError as error:
            raise ValueError(f"line {number}") from error
        classes.append({"min": int(minimum) if minimum.is_integer() else minimum, "code": parts[1], "name": parts[2]})
    if not classes:
        raise ValueError("empty")
    classes.sort(key=lambda band: -float(band["min"]))
    if len({band["code"] for band in classes}) != len(classes) or len({band["min"] for band in classes}) != len(
        classes
    ):
        raise ValueError("duplicate")
    return classes


def format_classes(classes: Sequence[dict[str, Any]]) -> str:
    return "\n".join(f"{band.get('min')}; {band.get('code')}; {band.get('name')}" for band in classes)
