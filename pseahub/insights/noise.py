"""Calibrated noise for figures published outside the network (README.md, "Noise for outside the network").

A donor report may add discrete Laplace noise (OpenDP) to every count of its tables, before small cells are
suppressed. Each record of a table lies in exactly one of its cells, so adding or removing one allegation (or one
survivor) moves one cell by one: the table's sensitivity is 1 (L1). Independent noise of scale 1/epsilon on each
cell then makes the table epsilon-differentially private. Everything done afterwards (clamping at 0, recomputing
the totals, suppression) only reads the noisy counts, so it keeps that guarantee (post-processing).
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
from collections.abc import Callable
from functools import cache
from typing import Any

from .tables import CountTable

#: A true count in, a noisy count out.
Mechanism = Callable[[int], int]

MECHANISM = "discrete_laplace"
#: One allegation or survivor moves one cell of a table by one.
SENSITIVITY = 1
#: The range the network setting accepts: under 0.1 the noise drowns every figure, over 10 it protects nothing.
EPSILON_MIN, EPSILON_MAX = 0.1, 10.0


def library() -> str:
    """The library that draws the noise and its version, as the reports state it ("opendp 0.16.0")."""
    return f"opendp {importlib.metadata.version('opendp')}"


def noise_info(epsilon: float) -> dict[str, Any]:
    """The noise as reports and the HQ file record it."""
    return {"mechanism": MECHANISM, "epsilon": float(epsilon), "library": library()}


def _check(epsilon: float) -> None:
    if not EPSILON_MIN <= epsilon <= EPSILON_MAX:
        raise ValueError(f"epsilon must be between {EPSILON_MIN} and {EPSILON_MAX}, not {epsilon}")


@cache
def laplace_mechanism(epsilon: float) -> Mechanism:
    """OpenDP's discrete Laplace mechanism on one integer count, of scale sensitivity / epsilon. Its privacy map
    is checked: a change of one in the count costs at most ``epsilon``."""
    import opendp.prelude as dp

    _check(epsilon)
    dp.enable_features("contrib")
    measurement = dp.m.make_laplace(dp.atom_domain(T=int), dp.absolute_distance(T=int), scale=SENSITIVITY / epsilon)
    spent = measurement.map(SENSITIVITY)
    if spent > epsilon * (1 + 1e-9):  # pragma: no cover - OpenDP's own guarantee
        raise RuntimeError(f"the mechanism spends {spent}, more than epsilon {epsilon}")
    return lambda count: int(measurement(count))


def noisy_table(table: CountTable, epsilon: float, *, mechanism: Mechanism | None = None) -> CountTable:
    """``table`` with noise added to each cell, a negative result set to 0. The totals are the sums of the noisy
    cells (``CountTable`` computes them), so every line adds up. A survivors table's ``left_out`` (survivors
    without statistics consent) is a published count too: one survivor is either in a cell or left out, so it
    gets noise of the same scale without spending more. ``mechanism`` replaces OpenDP's in tests."""
    _check(epsilon)
    draw = mechanism or laplace_mechanism(float(epsilon))
    cells = [[max(0, draw(value)) for value in row] for row in table.cells]
    left_out = max(0, draw(table.left_out)) if table.unit == "survivors" else table.left_out
    return dataclasses.replace(table, cells=cells, left_out=left_out)
