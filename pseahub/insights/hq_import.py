"""Reading and checking a country network's HQ return file at HQ (README.md, "The HQ return file").

``return_read(content, filename, hq_k=…)`` turns the bytes of an uploaded file, JSON or CSV with HXL hashtags,
into the return's document (the JSON form) or into the list of what is wrong with it. Nothing here raises on a
bad file and nothing here writes: a problem is a ``Problem`` (where, what was found, what was expected), in
words a person reads, and the caller refuses the file whole when there is any.

The checks, in order: the file (size, encoding, JSON syntax or the CSV's two header lines and its columns, the
header fields agreeing on every line); the published JSON Schema (``schema/hq-return-1.0.json``, Draft 2020-12,
with format checking); then what a schema cannot say: the period's days are the quarter's, the country's smallest
published count is at least HQ's, each table's shape follows its codes, every shown count is 0 or at least ``k``,
totals add up where all their parts are shown, and no withheld count is the only one withheld on its line (it
could be worked out from the total).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "hq-return-1.0.json"
FORMAT = "pseahub-hq-return"
VERSION = "1.0"
MAX_SIZE = 2 * 1024 * 1024  # bytes: a return is a few hundred lines; anything this large is something else
MAX_PROBLEMS = 200  # listed; the report says how many more there were
TOTAL = "total"  # the row or column code of a total in the CSV
TABLE_IDS = ("hq-type", "hq-status", "hq-victims", "hq-incident-year")

JSON_FORMAT = "json"
CSV_FORMAT = "csv"

# The CSV's columns: name -> its HXL hashtag (README.md). ``noise`` is optional.
HEADER_COLUMNS: dict[str, str] = {
    "country": "#country+code",
    "network": "#org+network",
    "year": "#date+year",
    "quarter": "#date+quarter",
    "period_start": "#date+start",
    "period_end": "#date+end",
    "small_cell_k": "#meta+k",
    "data_version": "#meta+version",
    "generated_at": "#date+generated",
}
LINE_COLUMNS: dict[str, str] = {
    "table": "#meta+table",
    "unit": "#meta+unit",
    "row": "#indicator+row+code",
    "column": "#indicator+column+code",
    "count": "#indicator+num",
    "withheld": "#status+withheld",
    "left_out": "#meta+left_out",
}
OPTIONAL_COLUMNS: dict[str, str] = {"noise": "#meta+noise"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is (a JSON path, or a CSV line and column), what was found there and
    what was expected instead."""

    where: str
    found: str
    expected: str


@dataclass
class ReadResult:
    """What ``return_read`` made of a file: the document when ``problems`` is empty."""

    format: str
    size: int
    sha256: str
    document: dict[str, Any] | None = None
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0  # problems found beyond MAX_PROBLEMS, not listed

    @property
    def ok(self) -> bool:
        return self.document is not None and not self.problems


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@cache
def _validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _shown(value: Any, limit: int = 60) -> str:
    """A value as found in the file, short enough for the report."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- locating a problem ------------------------------------------------------------------------------------------
Path_ = tuple[str | int, ...]


def json_path(path: Iterable[str | int]) -> str:
    """``("tables", 0, "cells", 2, 1)`` -> ``$.tables[0].cells[2][1]``."""
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


# The CSV column that holds each header field of the document.
CSV_COLUMN_OF: dict[tuple[str | int, ...], str] = {
    ("country",): "country",
    ("network",): "network",
    ("small_cell_k",): "small_cell_k",
    ("data_version",): "data_version",
    ("generated_at",): "generated_at",
    ("noise",): "noise",
    ("period",): "year",
    ("period", "year"): "year",
    ("period", "quarter"): "quarter",
    ("period", "start"): "period_start",
    ("period", "end"): "period_end",
}


@dataclass
class _CsvPlaces:
    """Where each part of a document read from a CSV came from, to name the line of a problem."""

    first_data_line: int = 3
    lines: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (table, row, column) -> line
    table_lines: dict[str, int] = field(default_factory=dict)  # table -> its first line
    table_ids: list[str] = field(default_factory=list)  # in the document's order
    rows: dict[str, list[str]] = field(default_factory=dict)
    columns: dict[str, list[str]] = field(default_factory=dict)

    def cell(self, line: int, column: str) -> str:
        return _("line %(line)d, column %(column)s") % {"line": line, "column": column}

    def where(self, path: Path_) -> str:
        """The line and column of a document's ``path``."""
        if tuple(path[:2]) in CSV_COLUMN_OF or tuple(path[:1]) in CSV_COLUMN_OF:
            column = CSV_COLUMN_OF.get(tuple(path[:2])) or CSV_COLUMN_OF[tuple(path[:1])]
            return self.cell(self.first_data_line, column)
        if len(path) < 2 or path[0] != "tables" or not isinstance(path[1], int) or path[1] >= len(self.table_ids):
            return _("the file")
        table = self.table_ids[path[1]]
        first = self.table_lines[table]
        rest = path[2:]
        if not rest or rest[0] == "id":
            return self.cell(first, "table")
        if rest[0] in ("unit", "left_out"):
            return self.cell(first, str(rest[0]))
        if rest[0] in ("rows", "columns"):
            return self.cell(self._code_line(table, rest) or first, "row" if rest[0] == "rows" else "column")
        line = self._count_line(table, rest)
        if line is None:
            return _("the lines of table %(table)s") % {"table": table}
        return self.cell(line, "count")

    def _index(self, codes: list[str], rest: Path_, position: int) -> str | None:
        index = rest[position] if len(rest) > position else None
        return codes[index] if isinstance(index, int) and index < len(codes) else None

    def _code_line(self, table: str, rest: Path_) -> int | None:
        """The first line of a row's or column's code."""
        is_row = rest[0] == "rows"
        code = self._index(self.rows[table] if is_row else self.columns[table], rest, 1)
        found = [n for (t, r, c), n in self.lines.items() if t == table and code == (r if is_row else c)]
        return min(found, default=None)

    def _count_line(self, table: str, rest: Path_) -> int | None:
        """The line of a cell or a total."""
        rows, columns = self.rows[table], self.columns[table]
        key: tuple[str | None, str | None] = (None, None)
        if rest[0] == "cells":
            key = (self._index(rows, rest, 1), self._index(columns, rest, 2))
        elif rest[0] == "row_totals":
            key = (self._index(rows, rest, 1), TOTAL)
        elif rest[0] == "column_totals":
            key = (TOTAL, self._index(columns, rest, 1))
        elif rest[0] == "total":
            key = (TOTAL, TOTAL)
        if key[0] is None or key[1] is None:
            return None
        return self.lines.get((table, key[0], key[1]))


def _json_where(document: Any) -> Callable[[Path_], str]:
    def where(path: Path_) -> str:
        text = json_path(path)
        if len(path) >= 2 and path[0] == "tables" and isinstance(path[1], int):
            try:
                table_id = document["tables"][path[1]]["id"]
            except (KeyError, IndexError, TypeError):
                return text
            if isinstance(table_id, str):
                text += " " + _("(table %(table)s)") % {"table": table_id}
        return text

    return where


# --- reading -------------------------------------------------------------------------------------------------------
def file_format(content: bytes, filename: str) -> str:
    """JSON when the text starts with ``{`` or ``[`` or the name ends in .json; CSV otherwise."""
    start = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"{", b"["):
        return JSON_FORMAT
    return JSON_FORMAT if filename.lower().endswith(".json") else CSV_FORMAT


def return_read(content: bytes, filename: str = "", *, hq_k: int = 2) -> ReadResult:
    """The document of a return file, or every problem found in it (see the module's docstring). ``hq_k`` is the
    importing installation's smallest published count: a country file with a smaller one is refused."""
    fmt = file_format(content, filename)
    result = ReadResult(format=fmt, size=len(content), sha256=hashlib.sha256(content).hexdigest())
    problems: list[Problem] = []
    if len(content) > MAX_SIZE:
        problems.append(
            Problem(
                _("the file"),
                _("%(size)s bytes") % {"size": len(content)},
                _("at most %(max)s bytes (2 MB)") % {"max": MAX_SIZE},
            )
        )
        return _finished(result, problems, None)
    if not content.strip():
        problems.append(Problem(_("the file"), _("an empty file"), _("a return in JSON or CSV")))
        return _finished(result, problems, None)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(
                _("byte %(position)d") % {"position": exc.start + 1},
                _("bytes that are not UTF-8 text"),
                _("a text file in UTF-8"),
            )
        )
        return _finished(result, problems, None)
    if fmt == JSON_FORMAT:
        document, problems = _read_json(text)
        where = _json_where(document)
    else:
        document, problems, places = _read_csv(text)
        where = places.where if places else _json_where(document)
    if document is None or problems:
        return _finished(result, problems, None)
    problems = schema_problems(document, where)
    problems += meaning_problems(document, where, hq_k=hq_k)
    return _finished(result, problems, document)


def _finished(result: ReadResult, problems: list[Problem], document: dict[str, Any] | None) -> ReadResult:
    result.problems = problems[:MAX_PROBLEMS]
    result.more_problems = max(0, len(problems) - MAX_PROBLEMS)
    result.document = None if problems else _whole_numbers(document)
    return result


def _whole_numbers(value: Any) -> Any:
    """The document with every whole-valued number as an int (JSON Schema's integers include 5.0)."""
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKeyError(key)
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _read_json(text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except _DuplicateKeyError as exc:
        return None, [
            Problem(
                _("the file"), _("the key %(key)s twice in one object") % {"key": repr(str(exc))}, _("each key once")
            )
        ]
    except json.JSONDecodeError as exc:
        where = _("line %(line)d, column %(column)d") % {"line": exc.lineno, "column": exc.colno}
        return None, [Problem(where, _("text that is not JSON (%(error)s)") % {"error": exc.msg}, _("valid JSON"))]
    except (ValueError, RecursionError) as exc:
        return None, [
            Problem(_("the file"), _("%(value)s, which JSON does not allow") % {"value": str(exc)}, _("valid JSON"))
        ]
    if not isinstance(document, dict):
        return None, [Problem("$", _shown(document), _("one JSON object, the return"))]
    return document, []


# --- the CSV -------------------------------------------------------------------------------------------------------
def _hashtag_key(hashtag: str) -> str:
    """An HXL hashtag compared as HXL does: case-insensitive, attributes in any order."""
    parts = [part.strip().lower() for part in hashtag.strip().split("+")]
    return "+".join([parts[0], *sorted(part for part in parts[1:] if part)])


def _is_hashtag_line(cells: list[str]) -> bool:
    filled = [cell.strip() for cell in cells if cell.strip()]
    return bool(filled) and all(cell.startswith("#") for cell in filled)


def _read_csv(text: str) -> tuple[dict[str, Any] | None, list[Problem], _CsvPlaces | None]:
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return None, [Problem(_("the file"), _("text that is not CSV (%(error)s)") % {"error": exc}, _("CSV"))], None
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    expected_tags = _("the HXL hashtag line (%(tags)s, …) under the header line") % {
        "tags": ", ".join(list(HEADER_COLUMNS.values())[:3])
    }
    if not lines:
        return None, [Problem(_("the file"), _("no lines"), _("a header line, a hashtag line and the counts"))], None
    if _is_hashtag_line(lines[0]):
        found = _("hashtags on line 1")
        return None, [Problem(_("line 1"), found, _("the header line (country, network, …), then the hashtags"))], None
    if len(lines) < 2 or not _is_hashtag_line(lines[1]):
        found = _shown(",".join(lines[1])) if len(lines) > 1 else _("nothing")
        return None, [Problem(_("line 2"), found, expected_tags)], None
    tags = [_hashtag_key(tag) for tag in lines[1]]
    wanted = {**HEADER_COLUMNS, **LINE_COLUMNS}
    positions: dict[str, int] = {}
    missing = []
    for name, hashtag in {**wanted, **OPTIONAL_COLUMNS}.items():
        key = _hashtag_key(hashtag)
        if key in tags:
            positions[name] = tags.index(key)
        elif name in wanted:
            missing.append(f"{name} ({hashtag})")
    if missing:
        return (
            None,
            [
                Problem(
                    _("line 2"),
                    _shown(",".join(lines[1]), 120),
                    _("the hashtags of every column; missing: %(missing)s") % {"missing": ", ".join(missing)},
                )
            ],
            None,
        )
    places = _CsvPlaces()
    data = lines[2:]
    if not data:
        return None, [Problem(_("line 3"), _("no counts"), _("one line per count of the four tables"))], places
    problems: list[Problem] = []

    def value(line: list[str], name: str) -> str:
        position = positions[name]
        return line[position].strip() if position < len(line) else ""

    width = len(lines[1])
    unreadable = False  # some line has the wrong number of fields
    header: dict[str, str] = {}
    tables: dict[str, dict[str, Any]] = {}
    counts: dict[str, dict[tuple[str, str], int | None]] = {}
    for offset, line in enumerate(data):
        number = offset + 3
        if len(line) != width:
            problems.append(
                Problem(
                    _("line %(line)d") % {"line": number},
                    _("%(count)d fields") % {"count": len(line)},
                    _("%(count)d fields, as on the hashtag line") % {"count": width},
                )
            )
            unreadable = True
            continue
        for name in [*HEADER_COLUMNS, *(["noise"] if "noise" in positions else [])]:
            given = value(line, name)
            if name not in header:
                header[name] = given
            elif given != header[name]:
                problems.append(
                    Problem(
                        places.cell(number, name),
                        _shown(given),
                        _("%(value)s, as on line 3: the header fields are the same on every line")
                        % {"value": _shown(header[name])},
                    )
                )
        table_id = value(line, "table")
        row, column = value(line, "row"), value(line, "column")
        table = tables.get(table_id)
        if table is None:
            table = tables[table_id] = {
                "id": table_id,
                "unit": value(line, "unit"),
                "rows": [],
                "columns": [],
                "left_out": value(line, "left_out"),
            }
            counts[table_id] = {}
            places.table_lines[table_id] = number
        for name in ("unit", "left_out"):
            if value(line, name) != table[name]:
                problems.append(
                    Problem(
                        places.cell(number, name),
                        _shown(value(line, name)),
                        _("%(value)s, as on the table's first line (line %(line)d)")
                        % {"value": _shown(table[name]), "line": places.table_lines[table_id]},
                    )
                )
        if not row or not column:
            problems.append(
                Problem(
                    places.cell(number, "row" if not row else "column"),
                    _("nothing"),
                    _("a row and a column code (total for a total)"),
                )
            )
            continue
        if row != TOTAL and row not in table["rows"]:
            table["rows"].append(row)
        if column != TOTAL and column not in table["columns"]:
            table["columns"].append(column)
        if (row, column) in counts[table_id]:
            problems.append(
                Problem(
                    places.cell(number, "count"),
                    _("a second count for row %(row)s, column %(column)s of table %(table)s")
                    % {"row": row, "column": column, "table": table_id},
                    _("one line per count (the first is on line %(line)d)")
                    % {"line": places.lines[(table_id, row, column)]},
                )
            )
            continue
        places.lines[(table_id, row, column)] = number
        count, withheld = value(line, "count"), value(line, "withheld")
        if withheld not in ("", "1"):
            problems.append(Problem(places.cell(number, "withheld"), _shown(withheld), _("1, or nothing")))
        elif withheld == "1" and count:
            problems.append(
                Problem(
                    places.cell(number, "count"), _shown(count), _("nothing: the count is withheld (withheld is 1)")
                )
            )
        elif withheld == "1":
            counts[table_id][(row, column)] = None
        elif not count.isdigit():
            problems.append(
                Problem(
                    places.cell(number, "count"),
                    _shown(count) if count else _("nothing"),
                    _("a whole number from 0, or withheld 1 and no count"),
                )
            )
        else:
            counts[table_id][(row, column)] = int(count)
    # A line missing for a cell or total (not when some line could not be read at all: it may be that one).
    if not unreadable:
        for table_id, table in tables.items():
            for row in [*table["rows"], TOTAL]:
                for column in [*table["columns"], TOTAL]:
                    if (table_id, row, column) not in places.lines:
                        problems.append(
                            Problem(
                                _("the lines of table %(table)s") % {"table": table_id},
                                _("no line for row %(row)s, column %(column)s") % {"row": row, "column": column},
                                _("one line per cell and per total"),
                            )
                        )
    if problems:
        return None, problems, places

    def whole(name: str) -> Any:
        given = header.get(name, "")
        return int(given) if given.isdigit() else given

    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "country": header.get("country", ""),
        "network": header.get("network", ""),
        "period": {
            "year": whole("year"),
            "quarter": whole("quarter"),
            "start": header.get("period_start", ""),
            "end": header.get("period_end", ""),
        },
        "small_cell_k": whole("small_cell_k"),
        "data_version": header.get("data_version", ""),
        "generated_at": header.get("generated_at", ""),
        "tables": [],
    }
    # As the JSON says it: null without noise; the CSV names the mechanism only.
    document["noise"] = {"mechanism": header["noise"]} if header.get("noise") else None
    for table_id, table in tables.items():
        table_counts = counts[table_id]
        rows, columns = table["rows"], table["columns"]
        left_out = table["left_out"]
        document["tables"].append(
            {
                "id": table_id,
                "unit": table["unit"],
                "rows": rows,
                "columns": columns,
                "cells": [[table_counts.get((row, column)) for column in columns] for row in rows],
                "row_totals": [table_counts.get((row, TOTAL)) for row in rows],
                "column_totals": [table_counts.get((TOTAL, column)) for column in columns],
                "total": table_counts.get((TOTAL, TOTAL)),
                "left_out": int(left_out) if left_out.isdigit() else left_out,
            }
        )
        places.table_ids.append(table_id)
        places.rows[table_id], places.columns[table_id] = rows, columns
    return document, [], places


# --- the schema ----------------------------------------------------------------------------------------------------
def _expected(error: ValidationError) -> str:
    """What the schema wanted, in words."""
    kind, wanted = error.validator, error.validator_value
    if kind == "required":
        missing = [name for name in wanted if isinstance(error.instance, dict) and name not in error.instance]
        return _("the field(s) %(fields)s") % {"fields": ", ".join(missing)}
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return _("only the fields %(fields)s") % {"fields": allowed}
    if kind == "type":
        names = {
            "integer": _("a whole number"),
            "string": _("text"),
            "object": _("an object"),
            "array": _("a list"),
            "null": _("null (withheld)"),
        }
        kinds = wanted if isinstance(wanted, list) else [wanted]
        return _(" or ").join(str(names.get(item, item)) for item in kinds)
    if kind == "const":
        return _shown(wanted)
    if kind == "enum":
        return _("one of %(values)s") % {"values": ", ".join(str(item) for item in wanted)}
    if kind == "pattern":
        if wanted == "^[A-Z]{3}$":
            return _("an ISO 3166-1 alpha-3 code in capitals, such as MLI")
        if "date_unknown" in wanted:
            return _("a year (four digits) or date_unknown")
        return _("letters, digits, _ or -, at most 64")
    if kind == "minimum":
        return _("at least %(value)s") % {"value": wanted}
    if kind == "maximum":
        return _("at most %(value)s") % {"value": wanted}
    if kind in ("minItems", "maxItems") and error.schema.get("minItems") == error.schema.get("maxItems"):
        return ngettext("%(count)d item", "%(count)d items", wanted) % {"count": wanted}
    if kind == "minItems":
        return ngettext("at least %(count)d item", "at least %(count)d items", wanted) % {"count": wanted}
    if kind == "maxItems":
        return ngettext("at most %(count)d item", "at most %(count)d items", wanted) % {"count": wanted}
    if kind in ("minLength", "maxLength"):
        return _("from 1 to %(max)s characters") % {"max": error.schema.get("maxLength", 200)}
    if kind == "uniqueItems":
        return _("each code once")
    if kind == "format":
        return _("a date as YYYY-MM-DD") if wanted == "date" else _("the format %(format)s") % {"format": wanted}
    if kind == "contains":
        table = wanted.get("properties", {}).get("id", {}).get("const", "")
        return _("a table %(table)s") % {"table": table}
    if kind == "not":
        return _("a code other than total")
    return error.message


def _found(error: ValidationError) -> str:
    """What the file holds where the schema refused it, in words."""
    found = error.instance
    if error.validator == "contains" and isinstance(found, list):
        ids = [str(table.get("id")) for table in found if isinstance(table, dict)]
        return _("tables %(tables)s") % {"tables": ", ".join(ids)}
    if error.validator == "required" and isinstance(found, dict):
        missing = [name for name in error.validator_value if name not in found]
        return _("no %(fields)s") % {"fields": ", ".join(missing)}
    if error.validator == "additionalProperties" and isinstance(found, dict):
        extra = sorted(set(found) - set(error.schema.get("properties", {})))
        return _("the field(s) %(fields)s") % {"fields": ", ".join(extra)}
    if error.validator in ("minItems", "maxItems") and isinstance(found, list):
        return ngettext("%(count)d item", "%(count)d items", len(found)) % {"count": len(found)}
    return _shown(found)


def schema_problems(document: dict[str, Any], where: Callable[[Path_], str]) -> list[Problem]:
    """Every place where ``document`` breaks the published schema, in the document's order."""

    def order(error: ValidationError) -> list[tuple[int, str]]:  # indices as numbers: cells[2] before cells[10]
        return [(part, "") if isinstance(part, int) else (-1, str(part)) for part in error.absolute_path]

    errors = sorted(_validator().iter_errors(document), key=order)
    # ``required`` is one error per missing field, each saying the same here: listed once.
    return _unique([Problem(where(tuple(error.absolute_path)), _found(error), _expected(error)) for error in errors])


# --- what the schema cannot check ----------------------------------------------------------------------------------
def _quarter_days(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, following - dt.timedelta(days=1)


def _count(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def _period_problems(period: dict[str, Any], where: Callable[[Path_], str]) -> list[Problem]:
    """The period's days are the quarter's first and last; the quarter has begun."""
    year, quarter = period.get("year"), period.get("quarter")
    if not (isinstance(year, int) and 2000 <= year <= 2100 and quarter in (1, 2, 3, 4)):
        return []
    problems = []
    first, last = _quarter_days(year, quarter)
    values = {"quarter": _("Q%(quarter)d %(year)d") % {"quarter": quarter, "year": year}}
    wanted = {
        "start": (first, _("%(day)s, the first day of %(quarter)s") % {**values, "day": first.isoformat()}),
        "end": (last, _("%(day)s, the last day of %(quarter)s") % {**values, "day": last.isoformat()}),
    }
    for key, (day, expected) in wanted.items():
        if isinstance(period.get(key), str) and period[key] != day.isoformat():
            problems.append(Problem(where(("period", key)), _shown(period[key]), expected))
    if first > timezone.localdate():
        problems.append(Problem(where(("period", "quarter")), values["quarter"], _("a quarter that has begun")))
    return problems


def meaning_problems(document: dict[str, Any], where: Callable[[Path_], str], *, hq_k: int) -> list[Problem]:
    """The checks a schema cannot make (the module's docstring). Parts the schema refused already are skipped."""
    problems: list[Problem] = []
    period = document.get("period")
    problems += _period_problems(period, where) if isinstance(period, dict) else []
    generated = document.get("generated_at")
    if isinstance(generated, str):
        try:
            moment = dt.datetime.fromisoformat(generated)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            problems.append(
                Problem(
                    where(("generated_at",)),
                    _shown(generated),
                    _("a date and time with its offset, such as 2026-04-02T09:30:00+00:00"),
                )
            )
    k = document.get("small_cell_k")
    if not isinstance(k, int) or isinstance(k, bool):
        return problems
    if k < hq_k:
        problems.append(
            Problem(
                where(("small_cell_k",)),
                str(k),
                _("at least %(k)d, the smallest count this installation publishes") % {"k": hq_k},
            )
        )
    tables = document.get("tables")
    if isinstance(tables, list):
        for index, table in enumerate(tables):
            if isinstance(table, dict):
                problems += _table_problems(table, index, k, where)
    return problems


def _table_problems(table: dict[str, Any], index: int, k: int, where: Callable[[Path_], str]) -> list[Problem]:
    rows, columns = table.get("rows"), table.get("columns")
    cells, row_totals, column_totals = table.get("cells"), table.get("row_totals"), table.get("column_totals")
    total = table.get("total")
    if not (isinstance(rows, list) and isinstance(columns, list) and isinstance(cells, list)):
        return []
    if not (isinstance(row_totals, list) and isinstance(column_totals, list)):
        return []
    at = ("tables", index)
    problems: list[Problem] = []
    shape = [
        (("cells",), cells, len(rows), _("one row of cells per row code (%(count)d)")),
        (("row_totals",), row_totals, len(rows), _("one row total per row code (%(count)d)")),
        (("column_totals",), column_totals, len(columns), _("one column total per column code (%(count)d)")),
    ]
    for part, given, wanted, expected in shape:
        if len(given) != wanted:
            problems.append(
                Problem(where(at + part), _("%(count)d values") % {"count": len(given)}, expected % {"count": wanted})
            )
    for number, row in enumerate(cells):
        if isinstance(row, list) and len(row) != len(columns):
            problems.append(
                Problem(
                    where((*at, "cells", number)),
                    _("%(count)d values") % {"count": len(row)},
                    _("one value per column code (%(count)d)") % {"count": len(columns)},
                )
            )
    if problems:
        return problems
    values: list[tuple[Path_, Any]] = [
        ((*at, "cells", r, c), value) for r, row in enumerate(cells) for c, value in enumerate(row)
    ]
    values += [((*at, "row_totals", r), value) for r, value in enumerate(row_totals)]
    values += [((*at, "column_totals", c), value) for c, value in enumerate(column_totals)]
    values += [((*at, "total"), total)]
    if not all(_count(value) for _path, value in values):
        return []  # the schema said so
    for path, value in values:
        if value is not None and 0 < value < k:
            problems.append(
                Problem(
                    where(path),
                    str(value),
                    _("0, at least %(k)d (the file's smallest published count), or withheld (null)") % {"k": k},
                )
            )
    # Each line of the grid: the parts and the total they add up to.
    lines: list[tuple[list[tuple[Path_, Any]], tuple[Path_, Any]]] = []
    for r, row in enumerate(cells):
        lines.append(
            ([((*at, "cells", r, c), value) for c, value in enumerate(row)], ((*at, "row_totals", r), row_totals[r]))
        )
    for c in range(len(columns)):
        lines.append(
            (
                [((*at, "cells", r, c), cells[r][c]) for r in range(len(rows))],
                ((*at, "column_totals", c), column_totals[c]),
            )
        )
    lines.append(([((*at, "row_totals", r), value) for r, value in enumerate(row_totals)], ((*at, "total"), total)))
    lines.append(
        ([((*at, "column_totals", c), value) for c, value in enumerate(column_totals)], ((*at, "total"), total))
    )
    for parts, (total_path, line_total) in lines:
        shown = sum(value for _path, value in parts if value is not None)
        withheld = [path for path, value in parts if value is None]
        if line_total is not None and not withheld and shown != line_total:
            problems.append(
                Problem(where(total_path), str(line_total), _("%(sum)d, the sum of its parts") % {"sum": shown})
            )
        elif line_total is not None and withheld and line_total < shown + len(withheld):
            problems.append(
                Problem(
                    where(total_path),
                    str(line_total),
                    _("at least %(sum)d: the parts shown, and at least 1 for each withheld part")
                    % {"sum": shown + len(withheld)},
                )
            )
        everything = withheld + ([total_path] if line_total is None else [])
        if len(everything) == 1:
            problems.append(
                Problem(
                    where(everything[0]),
                    _("the only withheld value of its line"),
                    _("a second value withheld on the line, or this one shown: it can be worked out from the others"),
                )
            )
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
