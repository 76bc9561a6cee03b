"""The quarterly return to UN Headquarters as a machine-readable file (README.md, "The HQ return file").

One document, two forms: JSON valid against the published schema ``schema/hq-return-1.0.json``, and CSV with
HXL hashtags (one line per count). Both are made from a made HQ report (``reports.Made``): its four published
tables, already suppressed, with their codes, never their labels, so that the file reads the same in every
language. An HQ installation imports them from many country networks (the import checks them again).

``hq_document``, ``hq_json`` and ``hq_csv`` are the names the import side and the reports rely on: keep them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import ReportKind

if TYPE_CHECKING:
    from .reports import Made

FORMAT = "pseahub-hq-return"
VERSION = "1.0"
SCHEMA_NAME = f"hq-return-{VERSION}.json"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / SCHEMA_NAME
TABLE_IDS = ("hq-type", "hq-status", "hq-victims", "hq-incident-year")
TOTAL = "total"  # the row or column code of a total in the CSV
COUNTRY = re.compile(r"^[A-Z]{3}$")

# The CSV's columns and their HXL hashtags, in the file's order (README.md, "The HQ return file").
CSV_COLUMNS: list[tuple[str, str]] = [
    ("country", "#country+code"),
    ("network", "#org+network"),
    ("year", "#date+year"),
    ("quarter", "#date+quarter"),
    ("period_start", "#date+start"),
    ("period_end", "#date+end"),
    ("small_cell_k", "#meta+k"),
    ("data_version", "#meta+version"),
    ("generated_at", "#date+generated"),
    ("table", "#meta+table"),
    ("unit", "#meta+unit"),
    ("row", "#indicator+row+code"),
    ("column", "#indicator+column+code"),
    ("count", "#indicator+num"),
    ("withheld", "#status+withheld"),
    ("left_out", "#meta+left_out"),
    ("noise", "#meta+noise"),
]


class ReturnFileError(ValueError):
    """The report cannot be made as the HQ return file (not an HQ report, or no country set)."""


def country_ok(code: str) -> bool:
    """Whether ``code`` (the network setting ``country_code``) can stand in the file: ISO 3166-1 alpha-3."""
    return bool(COUNTRY.match((code or "").strip().upper()))


def _quarter(start: dt.date) -> tuple[int, int, dt.date, dt.date]:
    from .reports import quarter_end, quarter_start

    first = quarter_start(start)
    return first.year, (first.month - 1) // 3 + 1, first, quarter_end(first)


def hq_document(made: Made) -> dict[str, Any]:
    """The return as the schema's document: header fields, then the four published tables by their codes.
    A withheld count is ``None`` (JSON ``null``). Raises ``ReturnFileError`` for another kind of report or
    when the network's country is not set."""
    report = made.report
    if report.kind != ReportKind.HQ_QUARTERLY:
        raise ReturnFileError("only the quarterly return to UN Headquarters is made as this file")
    country = (made.country or "").strip().upper()
    if not COUNTRY.match(country):
        raise ReturnFileError("the network's country (ISO 3166-1 alpha-3) is not set")
    year, quarter, start, end = _quarter(report.start)
    tables = []
    for key, published in made.tables:
        source = published.source
        tables.append(
            {
                "id": key.removeprefix("table-"),
                "unit": source.unit,
                "rows": list(source.row_keys),
                "columns": list(source.column_keys),
                "cells": [list(row) for row in published.cells],
                "row_totals": list(published.row_totals),
                "column_totals": list(published.column_totals),
                "total": published.total,
                "left_out": source.left_out,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "country": country,
        "network": made.network_name or made.network,
        "period": {"year": year, "quarter": quarter, "start": start.isoformat(), "end": end.isoformat()},
        "small_cell_k": report.k,
        "noise": made.noise,
        "data_version": made.data_version,
        "generated_at": made.made_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "tables": tables,
    }


def hq_json(made: Made) -> bytes:
    """The document as UTF-8 JSON: keys sorted, indented by two, so the same report gives the same bytes."""
    text = json.dumps(hq_document(made), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def _lines(table: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    """(row, column, count) for every count of a table: each row's cells then its total, then the column totals
    and the grand total (row ``total``), so rows and columns keep the order of their first appearance."""
    lines: list[tuple[str, str, int | None]] = []
    for row, cells, row_total in zip(table["rows"], table["cells"], table["row_totals"], strict=True):
        lines += [(row, column, count) for column, count in zip(table["columns"], cells, strict=True)]
        lines.append((row, TOTAL, row_total))
    lines += [(TOTAL, column, count) for column, count in zip(table["columns"], table["column_totals"], strict=True)]
    lines.append((TOTAL, TOTAL, table["total"]))
    return lines


def noise_label(noise: dict[str, Any] | None) -> str:
    """What the CSV's ``noise`` column says: empty without noise, else its mechanism (``laplace``)."""
    if not noise:
        return ""
    return str(noise.get("mechanism") or "laplace")


def hq_csv(made: Made) -> bytes:
    """The document as CSV with HXL hashtags: the header line, the hashtag line, then one line per count
    (cells and totals; ``total`` for a total's row or column). A withheld count is empty, with ``withheld`` 1.
    UTF-8 without a byte-order mark, lines ended by CRLF (RFC 4180)."""
    document = hq_document(made)
    period = document["period"]
    header = [
        document["country"], document["network"], period["year"], period["quarter"], period["start"],
        period["end"], document["small_cell_k"], document["data_version"], document["generated_at"],
    ]  # fmt: skip
    noise = noise_label(document["noise"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _tag in CSV_COLUMNS])
    writer.writerow([tag for _name, tag in CSV_COLUMNS])
    for table in document["tables"]:
        for row, column, count in _lines(table):
            withheld = count is None
            writer.writerow(
                [
                    *header, table["id"], table["unit"], row, column, "" if withheld else count,
                    "1" if withheld else "", table["left_out"], noise,
                ]
            )  # fmt: skip
    return out.getvalue().encode("utf-8")


def schema_bytes() -> bytes:
    """The published schema, as stored beside this module."""
    return SCHEMA_PATH.read_bytes()
