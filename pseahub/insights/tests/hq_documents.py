"""Hand-written HQ return documents (README.md, "The HQ return file") for the import tests, and their CSV form.

Two countries for Q2 2026, k = 5, small tables (two affiliations, two columns) so that every expected value can
be checked by hand. In MLI's hq-type table the SA column is withheld (3 and 4 before suppression), and with it the
two row totals (13 and 10) that would give it back.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from typing import Any

from pseahub.insights.hq_import import HEADER_COLUMNS, LINE_COLUMNS, TOTAL

N = None  # withheld


def table(
    table_id: str,
    unit: str,
    rows: list[str],
    columns: list[str],
    cells: list[list[int | None]],
    row_totals: list[int | None],
    column_totals: list[int | None],
    total: int | None,
    left_out: int = 0,
) -> dict[str, Any]:
    return {
        "id": table_id,
        "unit": unit,
        "rows": rows,
        "columns": columns,
        "cells": cells,
        "row_totals": row_totals,
        "column_totals": column_totals,
        "total": total,
        "left_out": left_out,
    }


AFFILIATIONS = ["un_afp", "implementing_partner"]


def mli() -> dict[str, Any]:
    return {
        "format": "pseahub-hq-return",
        "version": "1.0",
        "country": "MLI",
        "network": "Réseau PSEA Mali",
        "period": {"year": 2026, "quarter": 2, "start": "2026-04-01", "end": "2026-06-30"},
        "small_cell_k": 5,
        "noise": None,
        "data_version": "a1b2c3d4",
        "generated_at": "2026-07-05T09:30:00+00:00",
        "tables": [
            table("hq-type", "allegations", AFFILIATIONS, ["SE", "SA"], [[10, N], [6, N]], [N, N], [16, 7], 23),
            table(
                "hq-status",
                "allegations",
                ["pending", "not_referred"],
                AFFILIATIONS,
                [[8, 10], [5, 0]],
                [18, 5],
                [13, 10],
                23,
            ),
            table(
                "hq-victims",
                "survivors",
                AFFILIATIONS,
                ["woman", "girl"],
                [[8, 0], [5, 5]],
                [8, 10],
                [13, 5],
                18,
                left_out=2,
            ),
            table(
                "hq-incident-year",
                "allegations",
                AFFILIATIONS,
                ["2026", "date_unknown"],
                [[13, 0], [10, 0]],
                [13, 10],
                [23, 0],
                23,
            ),
        ],
    }


def lbn() -> dict[str, Any]:
    """Lebanon: every count shown, except in its victims table (a 2 and a 3 withheld, with their lines)."""
    return {
        "format": "pseahub-hq-return",
        "version": "1.0",
        "country": "LBN",
        "network": "PSEA Network Lebanon",
        "period": {"year": 2026, "quarter": 2, "start": "2026-04-01", "end": "2026-06-30"},
        "small_cell_k": 5,
        "noise": None,
        "data_version": "ffee0011",
        "generated_at": "2026-07-03T12:00:00Z",
        "tables": [
            table(
                "hq-type",
                "allegations",
                ["un_afp", "non_un_forces"],
                ["SE", "UNKNOWN"],
                [[5, 0], [7, 6]],
                [5, 13],
                [12, 6],
                18,
            ),
            table(
                "hq-status",
                "allegations",
                ["pending", "substantiated"],
                ["un_afp", "non_un_forces"],
                [[5, 8], [0, 5]],
                [13, 5],
                [5, 13],
                18,
            ),
            table(
                "hq-victims",
                "survivors",
                ["un_afp", "non_un_forces"],
                ["woman", "girl"],
                [[6, N], [N, 9]],
                [N, N],
                [N, N],
                20,
            ),
            table(
                "hq-incident-year",
                "allegations",
                ["un_afp", "non_un_forces"],
                ["2025", "2026"],
                [[0, 5], [6, 7]],
                [5, 13],
                [6, 12],
                18,
            ),
        ],
    }


def as_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def changed(document: dict[str, Any], change: Any) -> dict[str, Any]:
    """A deep copy of ``document`` after ``change(copy)``."""
    result = copy.deepcopy(document)
    change(result)
    return result


def csv_lines(document: dict[str, Any]) -> list[list[str]]:
    """The CSV form's lines (README.md): header, hashtags, one line per count (cells, then row totals, column
    totals and the total of each table)."""
    names = [*HEADER_COLUMNS, *LINE_COLUMNS]
    lines = [names, [*HEADER_COLUMNS.values(), *LINE_COLUMNS.values()]]
    period = document["period"]
    head = [
        document["country"],
        document["network"],
        str(period["year"]),
        str(period["quarter"]),
        period["start"],
        period["end"],
        str(document["small_cell_k"]),
        document["data_version"],
        document["generated_at"],
    ]
    for t in document["tables"]:
        entries = [(r, c, t["cells"][i][j]) for i, r in enumerate(t["rows"]) for j, c in enumerate(t["columns"])]
        entries += [(r, TOTAL, t["row_totals"][i]) for i, r in enumerate(t["rows"])]
        entries += [(TOTAL, c, t["column_totals"][j]) for j, c in enumerate(t["columns"])]
        entries += [(TOTAL, TOTAL, t["total"])]
        for row, column, value in entries:
            count, withheld = ("", "1") if value is None else (str(value), "")
            lines.append([*head, t["id"], t["unit"], row, column, count, withheld, str(t["left_out"])])
    return lines


def as_csv(lines: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(lines)
    return out.getvalue().encode()
