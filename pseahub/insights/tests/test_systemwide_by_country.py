"""The system-wide view of a quarter: one row per country from its published tables, the system-wide row sums
the shown values, and a sum that would add a withheld value is withheld. Expected values worked out by hand from
the two hand-written returns (hq_documents.py)."""

import re

import pytest

from pseahub.insights.members import Quarter
from pseahub.insights.systemwide import by_country, countries_missing, country_return_import, current_returns

from .hq_documents import as_json, changed, lbn, mli

pytestmark = pytest.mark.django_db
N = None


@pytest.fixture
def q2(personas):
    for document in (mli(), lbn()):
        country_return_import(actor=personas.hq, content=as_json(document), filename="r.json")
    return Quarter(2026, 2)


def _breakdown(key, quarter):
    return next(b for b in by_country(current_returns(quarter)) if b.key == key)


@pytest.mark.parametrize(
    ("key", "columns", "lbn_row", "mli_row", "sums"),
    [
        # hq-type's column totals: MLI SE 16, SA 7; LBN SE 12, unknown 6. OTHER met by neither: no column.
        ("type", ["Sexual exploitation", "Sexual abuse", "Unknown"], ([12, 0, 6], 18), ([16, 7, 0], 23),
         ([28, 7, 6], 41)),
        # hq-type's row totals: MLI's both withheld, so the sums that add them are withheld.
        ("affiliation", ["UN agencies, funds and programmes", "Implementing partner", "Non-UN forces"],
         ([5, 0, 13], 18), ([N, N, 0], 23), ([N, N, 13], 41)),
        # hq-status's row totals, in the UN status list's order.
        ("status", ["Substantiated", "Referred, no outcome recorded yet", "Not referred"], ([5, 13, 0], 18),
         ([0, 18, 5], 23), ([5, 31, 5], 41)),
        # hq-victims' column totals: LBN withheld both, but published its total.
        ("victims", ["Women", "Girls (under 18)"], ([N, N], 20), ([13, 5], 18), ([N, N], 38)),
        # hq-incident-year's column totals: MLI's "date unknown" column (0) is a column of the view.
        ("incident-year", ["2025", "2026", "Date unknown"], ([6, 12, 0], 18), ([0, 23, 0], 23), ([6, 35, 0], 41)),
    ],
)  # fmt: skip
def test_each_breakdown_has_a_row_per_country_and_the_system_wide_sums(q2, key, columns, lbn_row, mli_row, sums):
    breakdown = _breakdown(key, q2)

    assert breakdown.column_labels == columns
    assert [row.country_return.country for row in breakdown.rows] == ["LBN", "MLI"]
    assert [(row.values, row.total) for row in breakdown.rows] == [lbn_row, mli_row]
    assert (breakdown.sums, breakdown.total) == sums


def test_a_withheld_country_total_withholds_the_system_wide_total(personas, q2):
    def total_withheld(document):
        victims = document["tables"][2]  # MLI's victims: a handful, every value withheld
        victims["cells"], victims["row_totals"], victims["column_totals"] = [[N, N], [N, N]], [N, N], [N, N]
        victims["total"] = N

    document = changed(mli(), total_withheld)
    document["data_version"] = "c0ffee00"
    assert country_return_import(actor=personas.hq, content=as_json(document), filename="r.json").created

    breakdown = _breakdown("victims", q2)
    assert [(row.values, row.total) for row in breakdown.rows] == [([N, N], 20), ([N, N], N)]
    assert (breakdown.sums, breakdown.total) == ([N, N], N)


def test_the_view_lists_the_countries_that_have_not_sent_the_quarter(personas, q2):
    earlier = changed(lbn(), lambda d: d.update(country="COD", network="Réseau PSEA RDC"))
    earlier["period"] = {"year": 2026, "quarter": 1, "start": "2026-01-01", "end": "2026-03-31"}
    country_return_import(actor=personas.hq, content=as_json(earlier), filename="cod.json")

    assert countries_missing(q2, current_returns(q2)) == [("COD", "Réseau PSEA RDC")]
    assert countries_missing(Quarter(2026, 1), current_returns(Quarter(2026, 1))) == [
        ("LBN", "PSEA Network Lebanon"), ("MLI", "Réseau PSEA Mali"),
    ]  # fmt: skip


def _cells(html: str, table_id: str, row_header: str) -> list[str]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', html, re.S).group(1)
    row = re.search(rf"<tr><th scope=\"row\">(?:<a [^>]*>)?{row_header}(?:</a>)?</th>(.*?)</tr>", table, re.S)
    return re.findall(r"<td>(?:<abbr [^>]*>)?([^<]*)", row.group(1))


def test_the_page_shows_the_latest_quarter_by_country_with_withheld_sums(client_for, personas, q2):
    earlier = changed(lbn(), lambda d: d.update(country="COD", network="Réseau PSEA RDC"))
    earlier["period"] = {"year": 2026, "quarter": 1, "start": "2026-01-01", "end": "2026-03-31"}
    country_return_import(actor=personas.hq, content=as_json(earlier), filename="cod.json")

    html = client_for(personas.hq).get("/insights/systemwide/").content.decode()

    assert "Returns for Q2 2026" in html
    assert re.search(r'id="missing"><strong>No return yet from:</strong> COD \(Réseau PSEA RDC\)', html)
    assert _cells(html, "by-affiliation", "MLI") == ["*", "*", "0", "23"]
    assert _cells(html, "by-affiliation", "System-wide") == ["*", "*", "13", "41"]
    assert _cells(html, "by-type", "System-wide") == ["28", "7", "6", "41"]


def test_the_page_shows_the_quarter_asked_for(client_for, personas, q2):
    earlier = changed(lbn(), lambda d: d.update(country="COD", network="Réseau PSEA RDC"))
    earlier["period"] = {"year": 2026, "quarter": 1, "start": "2026-01-01", "end": "2026-03-31"}
    country_return_import(actor=personas.hq, content=as_json(earlier), filename="cod.json")

    html = client_for(personas.hq).get("/insights/systemwide/?quarter=2026-Q1").content.decode()

    assert "Returns for Q1 2026" in html
    assert _cells(html, "by-type", "COD") == ["12", "6", "18"]
    assert "LBN (PSEA Network Lebanon), MLI (Réseau PSEA Mali)" in html


def test_the_page_says_when_no_country_has_sent_a_return(client_for, personas):
    html = client_for(personas.hq).get("/insights/systemwide/").content.decode()

    assert "No country has sent a return yet." in html
