"""The HQ return as a machine-readable file (README.md, "The HQ return file"), made from ``hq_file_records``
with k = 3: the JSON validates against the published schema, holds the hand-computed published counts (withheld
ones null), by codes only; the CSV has the layout's header and hashtag lines and one line per count, agreeing
with the JSON; a French and an Arabic return are the same file but for when it was made."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from pseahub.insights import hq_file
from pseahub.insights.models import Report, ReportFormat

from .helpers import ask, asked, file_of
from .hq_file_records import COUNTRY, NETWORK, K, hq_file_records

pytestmark = pytest.mark.django_db

AFFILIATIONS = ["un_peace_operation", "un_afp", "implementing_partner", "non_un_forces", "other_unknown"]
STATUSES = [
    "preliminary_assessment", "under_investigation", "under_review", "substantiated", "not_substantiated",
    "referred_to_member_state", "closed_other", "pending", "not_referred",
]  # fmt: skip
HEADER = (
    "country,network,year,quarter,period_start,period_end,small_cell_k,data_version,generated_at,table,unit,row,"
    "column,count,withheld,left_out,noise"
)
HASHTAGS = (
    "#country+code,#org+network,#date+year,#date+quarter,#date+start,#date+end,#meta+k,#meta+version,"
    "#date+generated,#meta+table,#meta+unit,#indicator+row+code,#indicator+column+code,#indicator+num,"
    "#status+withheld,#meta+left_out,#meta+noise"
)


def make(personas: Any, client_for: Any, capture: Any, language: str) -> Report:
    return asked(
        ask(
            client_for(personas.analyst), capture, form="hq", quarter="2026-01-01", language=language,
            formats=["json", "csv"],
        )
    )  # fmt: skip


@pytest.fixture
def report(personas, client_for, django_capture_on_commit_callbacks) -> Report:
    hq_file_records(personas)
    return make(personas, client_for, django_capture_on_commit_callbacks, "fr")


def _document(report: Report) -> dict[str, Any]:
    return json.loads(file_of(report, ReportFormat.JSON))


def _tables(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {table["id"]: table for table in document["tables"]}


def _csv(report: Report) -> list[list[str]]:
    return list(csv.reader(io.StringIO(file_of(report, ReportFormat.CSV).decode("utf-8"))))


def _validator() -> Draft202012Validator:
    schema = json.loads(hq_file.SCHEMA_PATH.read_bytes())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_json_is_valid_against_the_published_schema(report):
    document = _document(report)
    assert [error.message for error in _validator().iter_errors(document)] == []
    # jsonschema checks "date-time" only with an optional package: check the moment by hand.
    assert dt.datetime.fromisoformat(document["generated_at"]).utcoffset() == dt.timedelta(0)


def test_the_schema_refuses_labels_and_impossible_dates(report):
    # The validation above can fail: a label instead of a code, or a day that does not exist, is refused.
    labelled = _document(report)
    labelled["tables"][0]["rows"][1] = "UN agencies, funds and programmes"
    misdated = copy.deepcopy(_document(report))
    misdated["period"]["end"] = "2026-02-30"
    assert not _validator().is_valid(labelled)
    assert not _validator().is_valid(misdated)


def test_the_header_gives_the_country_the_network_and_the_quarter(report):
    document = _document(report)
    assert {key: value for key, value in document.items() if key not in ("tables", "generated_at")} == {
        "format": "pseahub-hq-return",
        "version": "1.0",
        "country": COUNTRY,
        "network": NETWORK,  # the network's one name, not the French one of this French report
        "period": {"year": 2026, "quarter": 1, "start": "2026-01-01", "end": "2026-03-31"},
        "small_cell_k": K,
        "noise": None,
        "data_version": report.data_version,
    }


def test_the_json_is_sorted_and_indented_utf8(report):
    content = file_of(report, ReportFormat.JSON)
    again = json.dumps(json.loads(content), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert content == again.encode("utf-8")


def test_the_tables_hold_the_hand_computed_published_counts(report):
    tables = _tables(_document(report))
    assert list(tables) == ["hq-type", "hq-status", "hq-victims", "hq-incident-year"]
    # Type: ALPHA's 4 SE, BETA's 3 SA, GOV's 1 SE. The single SE of GOV and its row total are withheld, and with
    # them ALPHA's SE and row total (the cheapest cycle: no grand or column total); column totals stay.
    assert tables["hq-type"] == {
        "id": "hq-type", "unit": "allegations", "rows": AFFILIATIONS, "columns": ["SE", "SA", "OTHER", "UNKNOWN"],
        "cells": [[0, 0, 0, 0], [None, 0, 0, 0], [0, 3, 0, 0], [0, 0, 0, 0], [None, 0, 0, 0]],
        "row_totals": [0, None, 3, 0, None], "column_totals": [5, 3, 0, 0], "total": 8, "left_out": 0,
    }  # fmt: skip
    # Status: ALPHA's 4 substantiated; BETA's 3 and GOV's 1 not referred. GOV's 1 and its column total go, with
    # BETA's 3 and its column total.
    status = tables["hq-status"]
    assert status["rows"] == STATUSES and status["columns"] == AFFILIATIONS and status["unit"] == "allegations"
    assert dict(zip(status["rows"], status["cells"], strict=True)) == {
        **{key: [0, 0, 0, 0, 0] for key in STATUSES},
        "substantiated": [0, 4, 0, 0, 0],
        "not_referred": [0, 0, None, 0, None],
    }
    assert status["row_totals"] == [0, 0, 0, 4, 0, 0, 0, 0, 4]
    assert status["column_totals"] == [0, 4, None, 0, None] and status["total"] == 8
    # Victims: 4 women (ALPHA), 3 girls (BETA); GOV's man has no statistics consent: left out. Nothing small.
    assert tables["hq-victims"] == {
        "id": "hq-victims", "unit": "survivors", "rows": AFFILIATIONS,
        "columns": ["woman", "girl", "man", "boy", "unknown"],
        "cells": [[0] * 5, [4, 0, 0, 0, 0], [0, 3, 0, 0, 0], [0] * 5, [0] * 5],
        "row_totals": [0, 4, 3, 0, 0], "column_totals": [4, 3, 0, 0, 0], "total": 7, "left_out": 1,
    }  # fmt: skip
    # Year of the incident: ALPHA's in 2025, GOV's in 2026, BETA's unknown. GOV's single 2026 takes its row and
    # column totals, and BETA's cell, row total and column total (the cycle with the smallest cells).
    assert tables["hq-incident-year"] == {
        "id": "hq-incident-year", "unit": "allegations", "rows": AFFILIATIONS,
        "columns": ["2025", "2026", "date_unknown"],
        "cells": [[0, 0, 0], [4, 0, 0], [0, 0, None], [0, 0, 0], [0, None, 0]],
        "row_totals": [0, 4, None, 0, None], "column_totals": [4, None, None], "total": 8, "left_out": 0,
    }  # fmt: skip


def test_every_shown_count_is_zero_or_at_least_k(report):
    for table in _document(report)["tables"]:
        shown = [value for row in table["cells"] for value in row]
        shown += [*table["row_totals"], *table["column_totals"], table["total"]]
        assert all(value is None or value == 0 or value >= K for value in shown), table["id"]


def test_the_csv_has_the_header_and_hashtag_lines(report):
    lines = file_of(report, ReportFormat.CSV).decode("utf-8").split("\r\n")
    assert lines[0] == HEADER and lines[1] == HASHTAGS
    assert lines[-1] == ""  # every line ends with CRLF


def test_the_csv_has_one_line_per_count_agreeing_with_the_json(report):
    document = _document(report)
    header, _hashtags, *lines = _csv(report)
    expected = []
    for table in document["tables"]:
        columns = [*table["columns"], "total"]
        counts = []
        for row, cells, row_total in zip(table["rows"], table["cells"], table["row_totals"], strict=True):
            counts += [(row, column, count) for column, count in zip(columns, [*cells, row_total], strict=True)]
        totals = [*table["column_totals"], table["total"]]
        counts += [("total", column, count) for column, count in zip(columns, totals, strict=True)]
        for row, column, count in counts:
            expected.append(
                [
                    COUNTRY, NETWORK, "2026", "1", "2026-01-01", "2026-03-31", str(K), report.data_version,
                    document["generated_at"], table["id"], table["unit"], row, column,
                    "" if count is None else str(count), "1" if count is None else "", str(table["left_out"]), "",
                ]
            )  # fmt: skip
    assert len(header) == 17
    # 6 x 5 (type), 10 x 6 (status), 6 x 6 (victims), 6 x 4 (years): cells and totals.
    assert len(lines) == 30 + 60 + 36 + 24 == len(expected)
    assert lines == expected


def test_a_withheld_count_is_an_empty_cell_marked_withheld(report):
    lines = {(line[9], line[11], line[12]): line for line in _csv(report)[2:]}
    assert lines[("hq-type", "other_unknown", "SE")][13:15] == ["", "1"]
    assert lines[("hq-type", "implementing_partner", "SA")][13:15] == ["3", ""]
    assert lines[("hq-type", "total", "total")][13:15] == ["8", ""]
    assert lines[("hq-victims", "un_afp", "woman")][13:16] == ["4", "", "1"]  # left out: 1 survivor


def test_a_french_and_an_arabic_return_are_the_same_file(
    report, personas, client_for, django_capture_on_commit_callbacks
):
    arabic = make(personas, client_for, django_capture_on_commit_callbacks, "ar")
    french, in_arabic = _document(report), _document(arabic)
    assert french.pop("generated_at") and in_arabic.pop("generated_at")
    assert french == in_arabic
    # The CSV too, but for the moment it was made (column 9).
    assert [line[:8] + line[9:] for line in _csv(report)] == [line[:8] + line[9:] for line in _csv(arabic)]


def test_the_noise_is_read_from_the_made_report():
    # The CSV says "laplace" when noise was added (README.md); nothing when none was.
    assert hq_file.noise_label(None) == ""
    assert hq_file.noise_label({"mechanism": "laplace", "epsilon": 1.0}) == "laplace"
