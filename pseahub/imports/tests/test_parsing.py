"""Reading tracker files: dates in the shapes trackers hold, the header wherever it is, CSV dialects and
encodings, and files that cannot be read."""

from __future__ import annotations

import datetime as dt

import pytest

from pseahub.core.exceptions import ApplicationError
from pseahub.core.sheets import ValueProblemError, date_parse, header_detect, rows_read, yes_no_parse
from pseahub.imports.fields import header_score

from .messy import messy_tracker

TODAY = dt.date(2026, 2, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31/12/2025", dt.date(2025, 12, 31)),
        ("2025-12-31", dt.date(2025, 12, 31)),
        ("2025-12-31 14:30:00", dt.date(2025, 12, 31)),
        ("31.12.2025", dt.date(2025, 12, 31)),
        ("3/1/26", dt.date(2026, 1, 3)),
        ("12 déc. 2025", dt.date(2025, 12, 12)),
        ("12 DÉC 2025", dt.date(2025, 12, 12)),
        ("3 janvier 2026", dt.date(2026, 1, 3)),
        ("1er février 2025", dt.date(2025, 2, 1)),
        ("lundi 5 mai 2025", dt.date(2025, 5, 5)),
        ("Dec 12, 2025", dt.date(2025, 12, 12)),
        ("12 August 2025", dt.date(2025, 8, 12)),
        ("août 2025", None),  # no day: refused below
        (45700, dt.date(2025, 2, 12)),
        (45700.5, dt.date(2025, 2, 12)),
        ("45700", dt.date(2025, 2, 12)),
        (dt.datetime(2025, 2, 12, 9, 30), dt.date(2025, 2, 12)),  # noqa: DTZ001 - a cell's value
        (dt.date(2025, 2, 12), dt.date(2025, 2, 12)),
        ("", None),
        (None, None),
    ],
)
def test_dates_in_every_shape(value, expected):
    if value == "août 2025":
        with pytest.raises(ValueProblemError):
            date_parse(value, today=TODAY)
        return
    assert date_parse(value, today=TODAY) == expected


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("31/13/2025", "Not a date of the calendar."),
        ("30 février 2025", "Not a date of the calendar."),
        ("2 février 2026", "This date is in the future."),
        (46100, "This date is in the future."),
        ("soon", "Not a date in a known format"),
        (12, "Not a date."),
        (True, "Not a date."),
        ("01/01/1985", "This date is too far in the past."),
    ],
)
def test_bad_and_future_dates_are_refused_with_a_reason(value, why):
    with pytest.raises(ValueProblemError, match=why.replace(".", r"\.")):
        date_parse(value, today=TODAY)


def test_yes_and_no_in_english_and_french():
    assert [yes_no_parse(v) for v in ["Oui", "yes", "X", 1, "Non", "no", "", None]] == [
        True, True, True, True, False, False, None, None,
    ]  # fmt: skip
    with pytest.raises(ValueProblemError):
        yes_no_parse("peut-être")


@pytest.mark.django_db
def test_header_under_title_rows_with_merged_cells_on_two_rows():
    rows = rows_read(messy_tracker(), "suivi.xlsx")
    header = header_detect(rows, header_score)
    assert (header.first_row, header.data_start) == (2, 4)
    assert header.columns[:4] == ["N° de référence", "Dates Réception", "Dates Incident", "Canal"]
    assert header.columns[-1] == "Consentement"


@pytest.mark.django_db
def test_a_single_header_row_after_blank_rows():
    rows = [["", ""], ["Suivi", ""], ["", ""], ["Reference", "Date received"], ["A-1", "2025-01-02"]]
    header = header_detect(rows, header_score)
    assert (header.first_row, header.data_start, header.columns) == (3, 4, ["Reference", "Date received"])


def test_csv_with_semicolons_in_windows_encoding():
    content = "Référence;Date de réception;Canal\r\nA-1;31/12/2025;Ligne verte\r\n".encode("cp1252")
    assert rows_read(content, "suivi.csv") == [
        ["Référence", "Date de réception", "Canal"],
        ["A-1", "31/12/2025", "Ligne verte"],
    ]


def test_csv_with_commas_in_utf8_with_bom():
    content = '\ufeffReference,Narrative\nA-1,"Said: yes, then no"\n'.encode()
    assert rows_read(content, "t.csv") == [["Reference", "Narrative"], ["A-1", "Said: yes, then no"]]


@pytest.mark.parametrize(
    ("content", "name", "why"),
    [
        (b"PK\x03\x04 this is not a workbook", "t.xlsx", "could not be read"),
        (b"%PDF-1.4", "t.pdf", "Upload an Excel workbook"),
        (b"\n\n", "t.csv", "holds no rows"),
    ],
)
def test_files_that_cannot_be_read_say_why(content, name, why):
    with pytest.raises(ApplicationError, match=why):
        rows_read(content, name)


@pytest.mark.django_db
def test_a_title_right_above_the_header_is_not_part_of_it():
    rows = [
        ["Incident tracker 2025", "", "", ""],
        ["Reference", "Date received", "Channel", "Narrative"],
        ["A-1", "2025-01-02", "Hotline", "Something happened"],
    ]
    header = header_detect(rows, header_score)
    assert (header.first_row, header.data_start) == (1, 2)
    assert header.columns == ["Reference", "Date received", "Channel", "Narrative"]
