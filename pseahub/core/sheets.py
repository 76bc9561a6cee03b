"""Reading a sheet (a tracker file, a CFM or 4W sheet, a Kobo export): its cells, where its header is, and the
values people type in trackers (dates in many shapes, yes/no in two languages). Pure functions: no database, no keys."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from pseahub.core.exceptions import ApplicationError

MAX_ROWS = 20_000
HEADER_SCAN = 30  # rows looked at for the header
Cell = Any  # str, int, float, bool, date, datetime, time or None


def normalise(value: Any) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed: "Date de réception " -> "date de reception"."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9+]+", " ", text)
    return text.strip()


def cell_text(value: Cell) -> str:
    """A cell as the text a person sees (an integral float without its ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def is_blank(row: list[Cell]) -> bool:
    return all(cell_text(value) == "" for value in row)


# --- reading -------------------------------------------------------------------------------------------------
def _read_csv(content: bytes) -> list[list[Cell]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything; latin-1 decodes everything
        text = content.decode("latin-1")
    sample = text[:20_000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _read_spreadsheet(content: bytes) -> list[list[Cell]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    # The first sheet that holds anything (trackers often start with an empty or instructions sheet: the
    # largest of the first sheets wins).
    best: list[list[Cell]] = []
    for name in workbook.sheet_names[:10]:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if sum(1 for row in rows if not is_blank(row)) > sum(1 for row in best if not is_blank(row)):
            best = [list(row) for row in rows]
    return best


def rows_read(content: bytes, filename: str) -> list[list[Cell]]:
    """The cells of the file's tracker sheet, row by row; ``ApplicationError`` with a reason a person can act on
    for a file that cannot be read."""
    name = filename.lower()
    try:
        if name.endswith((".csv", ".txt")):
            rows = _read_csv(content)
        elif name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
            rows = _read_spreadsheet(content)
        else:
            raise ApplicationError(
                _("Upload an Excel workbook (.xlsx, .xls), an OpenDocument sheet (.ods) or a CSV file.")
            )
    except ApplicationError:
        raise
    except Exception as exc:  # calamine raises its own error types for every kind of broken file
        raise ApplicationError(
            _("This file could not be read as a spreadsheet. Save it again from Excel (as .xlsx or .csv) and retry.")
        ) from exc
    while rows and is_blank(rows[-1]):
        rows.pop()
    if not rows:
        raise ApplicationError(_("This file holds no rows."))
    if len(rows) > MAX_ROWS:
        raise ApplicationError(_("This file has more than %(max)s rows: split it.") % {"max": f"{MAX_ROWS:,}"})
    width = max(len(row) for row in rows)
    return [row + [None] * (width - len(row)) for row in rows]


# --- the header ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Header:
    """Where the data starts and each column's name (two header rows are joined: "Dates Received")."""

    first_row: int  # 0-based index of the header's first row
    data_start: int  # 0-based index of the first row after the header
    columns: list[str]


def _combined(top: list[Cell], bottom: list[Cell]) -> list[str]:
    """Two header rows as one. A cell merged over several columns in the top row keeps its value in the first
    of them only: it names each column below it until a column with nothing below ("Dates" over "Received |
    Incident" gives "Dates Received", "Dates Incident"). A top cell with nothing below is a name of its own
    (merged down over both rows)."""
    names: list[str] = []
    parent = ""
    for upper, lower in zip(top, bottom, strict=True):
        upper_text, lower_text = cell_text(upper), cell_text(lower)
        if upper_text:
            parent = upper_text if lower_text else ""
        if lower_text:
            names.append(f"{parent} {lower_text}".strip())
        else:
            names.append(upper_text)
            parent = ""
    return names


def header_detect(rows: list[list[Cell]], score: Any) -> Header:
    """The header: the row (or pair of rows) among the first ones whose names match most known fields.

    ``score(names)`` says how many of the names match a field. Title rows above and blank rows are skipped.
    """
    candidates: list[tuple[int, int, int, list[str]]] = []  # (score, -rows, index, names)
    limit = min(len(rows), HEADER_SCAN)
    for index in range(limit):
        if is_blank(rows[index]):
            continue
        single = [cell_text(value) for value in rows[index]]
        candidates.append((score(single), -1, index, single))
        if index + 1 < len(rows) and not is_blank(rows[index + 1]):
            pair = _combined(rows[index], rows[index + 1])
            candidates.append((score(pair), -2, index, pair))
    if not candidates:
        raise ApplicationError(_("No header row was found in this file."))
    best = max(candidates, key=lambda c: (c[0], c[1], -c[2]))
    points, negative_rows, index, names = best
    if points == 0:  # nothing known: the first non-blank row
        index = next(i for i in range(len(rows)) if not is_blank(rows[i]))
        negative_rows, names = -1, [cell_text(value) for value in rows[index]]
    columns = [name or _("Column %(number)s") % {"number": position + 1} for position, name in enumerate(names)]
    return Header(first_row=index, data_start=index - negative_rows, columns=columns)


# --- values --------------------------------------------------------------------------------------------------
MONTHS = {
    # English and French, full and abbreviated, accents dropped by normalise()
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "fevrier": 2, "fev": 2, "fevr": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "decembre": 12,
}  # fmt: skip
EXCEL_EPOCH = dt.date(1899, 12, 30)


class ValueProblemError(Exception):
    """A cell's value cannot be used; the message says why, for the error report."""


def _year(text: str) -> int:
    year = int(text)
    if year < 100:
        year += 2000 if year < 70 else 1900
    return year


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblemError(_("Not a date of the calendar.")) from None


def date_parse(value: Cell, *, today: dt.date) -> dt.date | None:
    """A date typed or stored in any of the shapes trackers use; None for an empty cell. Day first
    (31/12/2025), ISO (2025-12-31), month names in English or French ("12 déc. 2025", "3 janvier 2026",
    "Dec 12, 2025"), Excel serial numbers. A date after ``today`` is refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        found = value.date()
    elif isinstance(value, dt.date):
        found = value
    elif isinstance(value, bool):
        raise ValueProblemError(_("Not a date."))
    elif isinstance(value, int | float):
        found = _serial(value)
    else:
        found = _date_text(str(value))
    if found > today:
        raise ValueProblemError(_("This date is in the future."))
    if found.year < 1990:
        raise ValueProblemError(_("This date is too far in the past."))
    return found


def _serial(number: float) -> dt.date:
    if not 10_000 <= number <= 80_000:  # 1927 .. 2119
        raise ValueProblemError(_("Not a date."))
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _date_text(raw: str) -> dt.date:
    text = raw.strip()
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # a serial number kept as text (a CSV saved from Excel)
        return _serial(float(text))
    text = re.sub(r"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(z|[+-]\d{2}:?\d{2})?$", "", text, flags=re.IGNORECASE)
    if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text):
        return _date(int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})", text):
        return _date(_year(match[3]), int(match[2]), int(match[1]))
    words = normalise(text).replace("1er", "1").split()
    if len(words) == 3:
        # "12 dec 2025", "3 janvier 2026" or "dec 12 2025"
        if words[0].isdigit() and words[1] in MONTHS and words[2].isdigit():
            return _date(_year(words[2]), MONTHS[words[1]], int(words[0]))
        if words[0] in MONTHS and words[1].isdigit() and words[2].isdigit():
            return _date(_year(words[2]), MONTHS[words[0]], int(words[1]))
    if len(words) == 4 and words[0] in {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}:
        return _date_text(" ".join(words[1:]))
    raise ValueProblemError(_("Not a date in a known format (e.g. 31/12/2025, 2025-12-31 or 3 janvier 2026)."))


YES = {"yes", "y", "oui", "o", "true", "vrai", "1", "x", "si"}
NO = {"no", "n", "non", "false", "faux", "0"}


def yes_no_parse(value: Cell) -> bool | None:
    """True, False, or None for an empty cell; ``ValueProblemError`` for anything else."""
    if isinstance(value, bool):
        return value
    text = normalise(cell_text(value))
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueProblemError(_("Expected yes or no."))


def number_parse(value: Cell, *, maximum: int = 50) -> int | None:
    if value is None or cell_text(value) == "":
        return None
    try:
        number = float(cell_text(value).replace(",", "."))
    except ValueError:
        raise ValueProblemError(_("Expected a number.")) from None
    if not number.is_integer() or not 0 <= number <= maximum:
        raise ValueProblemError(_("Expected a whole number from 0 to %(maximum)s.") % {"maximum": maximum})
    return int(number)
