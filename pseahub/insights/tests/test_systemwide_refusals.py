"""A country's return file that does not match the schema or the counting rules is refused whole: every problem
is listed (where, what was found, what was expected), nothing is stored, and the audit log notes the refusal
with counts only."""

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.insights.hq_import import MAX_SIZE, Problem
from pseahub.insights.models import CountryReturn
from pseahub.insights.systemwide import country_return_import
from pseahub.network.services import network_settings_update

from .hq_documents import as_csv, as_json, changed, csv_lines, lbn, mli

pytestmark = pytest.mark.django_db


def _refused(personas, content: bytes, filename: str) -> list[Problem]:
    imported = country_return_import(actor=personas.hq, content=content, filename=filename)
    assert imported.refused and imported.country_return is None
    assert not CountryReturn.objects.exists()
    event = AuditEvent.objects.get(action=Action.COUNTRY_RETURN_REFUSED)
    assert event.actor == personas.hq and event.target_id == ""
    assert event.data == {
        "format": imported.result.format,
        "size": len(content),
        "problems": len(imported.result.problems),
    }
    return imported.result.problems


def test_a_schema_error_is_refused_with_its_place(personas):
    document = changed(mli(), lambda d: d.update(country="mli"))
    del document["data_version"], document["network"]

    problems = _refused(personas, as_json(document), "mli.json")

    assert problems == [
        Problem("$", "no network, data_version", "the field(s) network, data_version"),  # once for both
        Problem("$.country", "'mli'", "an ISO 3166-1 alpha-3 code in capitals, such as MLI"),
    ]


def test_a_table_missing_is_named(personas):
    document = changed(mli(), lambda d: d["tables"].pop(1))

    problems = _refused(personas, as_json(document), "mli.json")

    assert Problem("$.tables", "3 items", "4 items") in problems
    assert Problem("$.tables", "tables hq-type, hq-victims, hq-incident-year", "a table hq-status") in problems


def test_a_shown_count_under_k_is_refused(personas):
    def three_girls(document):
        victims = document["tables"][2]
        victims["cells"][1][1], victims["row_totals"][1], victims["column_totals"][1], victims["total"] = 3, 8, 3, 16

    problems = _refused(personas, as_json(changed(mli(), three_girls)), "mli.json")

    expected = "0, at least 5 (the file's smallest published count), or withheld (null)"
    assert problems == [
        Problem("$.tables[2].cells[1][1] (table hq-victims)", "3", expected),
        Problem("$.tables[2].column_totals[1] (table hq-victims)", "3", expected),
    ]


def test_totals_that_do_not_add_up_are_refused(personas):
    problems = _refused(personas, as_json(changed(mli(), lambda d: d["tables"][1].update(total=24))), "mli.json")

    assert problems == [Problem("$.tables[1].total (table hq-status)", "24", "23, the sum of its parts")]


def test_a_withheld_count_alone_on_its_line_is_refused(personas):
    document = changed(lbn(), lambda d: d["tables"][0]["cells"][0].__setitem__(0, None))

    problems = _refused(personas, as_json(document), "lbn.json")

    assert problems == [
        Problem(
            "$.tables[0].cells[0][0] (table hq-type)",
            "the only withheld value of its line",
            "a second value withheld on the line, or this one shown: it can be worked out from the others",
        )
    ]


def test_period_days_that_are_not_the_quarter_s_are_refused(personas):
    document = changed(mli(), lambda d: d["period"].update(start="2026-04-02", end="2026-06-29"))

    problems = _refused(personas, as_json(document), "mli.json")

    assert problems == [
        Problem("$.period.start", "'2026-04-02'", "2026-04-01, the first day of Q2 2026"),
        Problem("$.period.end", "'2026-06-29'", "2026-06-30, the last day of Q2 2026"),
    ]


def test_a_smallest_count_under_the_hq_s_own_is_refused(personas):
    network_settings_update(actor=None, small_cell_k=10)

    problems = _refused(personas, as_json(mli()), "mli.json")

    assert Problem("$.small_cell_k", "5", "at least 10, the smallest count this installation publishes") in problems


def test_a_csv_without_its_hashtag_line_is_refused(personas):
    lines = csv_lines(mli())
    del lines[1]

    problems = _refused(personas, as_csv(lines), "mli.csv")

    assert len(problems) == 1
    assert problems[0].where == "line 2" and problems[0].found.startswith("'MLI,Réseau PSEA Mali,2026,2,")
    assert problems[0].expected.startswith("the HXL hashtag line (#country+code, #org+network, #date+year, …)")


def test_csv_header_fields_that_disagree_are_refused_at_their_line(personas):
    lines = csv_lines(mli())
    lines[6][0] = "LBN"  # line 7 of the file
    lines[9][6] = "3"  # small_cell_k on line 10

    problems = _refused(personas, as_csv(lines), "mli.csv")

    assert problems == [
        Problem("line 7, column country", "'LBN'", "'MLI', as on line 3: the header fields are the same on every line"),
        Problem(
            "line 10, column small_cell_k", "'3'", "'5', as on line 3: the header fields are the same on every line"
        ),
    ]


def test_a_csv_problem_in_the_counts_names_its_line(personas):
    document = changed(mli(), lambda d: d["tables"][1].update(total=24))

    problems = _refused(personas, as_csv(csv_lines(document)), "mli.csv")

    # hq-type has 2 x 2 cells and 5 totals (lines 3 to 11); hq-status's total is its 9th line, line 20.
    assert problems == [Problem("line 20, column count", "24", "23, the sum of its parts")]


def test_a_file_that_is_not_json_is_refused(personas):
    problems = _refused(personas, b'{"format": "pseahub-hq-return",\n  country: MLI}', "mli.json")

    assert problems == [Problem("line 2, column 3", "text that is not JSON (Expecting property name enclosed in "
                                "double quotes)", "valid JSON")]  # fmt: skip


def test_a_file_that_is_not_text_is_refused(personas):
    problems = _refused(personas, b"%PDF-1.7\n\xff\xfe\x00binary", "return.pdf")

    assert problems == [Problem("byte 10", "bytes that are not UTF-8 text", "a text file in UTF-8")]


def test_a_file_too_large_is_refused_unread(personas):
    content = as_json(mli()) + b" " * MAX_SIZE

    problems = _refused(personas, content, "mli.json")

    assert problems == [Problem("the file", f"{len(content)} bytes", f"at most {MAX_SIZE} bytes (2 MB)")]


def test_csv_counts_that_cannot_be_read_are_refused_at_their_line(personas):
    lines = csv_lines(mli())
    lines[2][13] = "ten"  # line 3: hq-type, un_afp, SE
    lines[3][13], lines[3][14] = "4", "1"  # line 4: withheld, with a count
    lines[5] = lines[5][:-1]  # line 6: a field short
    lines.append(list(lines[4]))  # the last line repeats line 5: line 39

    problems = _refused(personas, as_csv(lines), "mli.csv")

    assert problems == [
        Problem("line 3, column count", "'ten'", "a whole number from 0, or withheld 1 and no count"),
        Problem("line 4, column count", "'4'", "nothing: the count is withheld (withheld is 1)"),
        Problem("line 6", "15 fields", "16 fields, as on the hashtag line"),
        Problem("line 39, column count", "a second count for row implementing_partner, column SE of table hq-type",
                "one line per count (the first is on line 5)"),
    ]  # fmt: skip


def test_a_csv_without_a_line_for_a_total_is_refused(personas):
    lines = csv_lines(mli())
    del lines[7]  # hq-type: the row total of implementing_partner (line 8)
    lines[2][13] = "ten"  # line 3: hq-type, un_afp, SE

    problems = _refused(personas, as_csv(lines), "mli.csv")

    assert problems == [
        Problem("line 3, column count", "'ten'", "a whole number from 0, or withheld 1 and no count"),
        Problem("the lines of table hq-type", "no line for row implementing_partner, column total",
                "one line per cell and per total"),
    ]  # fmt: skip


@pytest.mark.parametrize(("content", "problem"), [
    (b'{"country": "MLI", "country": "LBN"}', Problem("the file", "the key 'country' twice in one object",
                                                       "each key once")),
    (b"[1, 2]", Problem("$", "[1, 2]", "one JSON object, the return")),
    (b'{"total": NaN}', Problem("the file", "NaN, which JSON does not allow", "valid JSON")),
    (b"  \n", Problem("the file", "an empty file", "a return in JSON or CSV")),
])  # fmt: skip
def test_json_that_is_not_one_plain_object_is_refused(personas, content, problem):
    assert _refused(personas, content, "r.json") == [problem]
