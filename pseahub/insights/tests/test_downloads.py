"""Open data: every dashboard table downloads as CSV, XLSX and HXL-tagged CSV for the page's filters, small cells
withheld as on the page (an empty cell, and a note saying why); a download changes nothing."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from pseahub.audit.models import AuditEvent
from pseahub.cases.models import Classification
from pseahub.cases.services import PerpetratorInput, SurvivorInput
from pseahub.cases.tests.helpers import term
from pseahub.insights.dashboard import KEYS
from pseahub.tracker.tests.records import statistics

from .records import at, complaint, network_settings

pytestmark = pytest.mark.django_db

QUERY = "?start=2026-01-01&end=2026-03-31"
WITHHELD = "Empty cells are withheld: fewer than 2, or a count that would give one back."


@pytest.fixture
def typed(personas):
    """k = 2. Allegations of the first quarter: three of sexual exploitation, one of sexual abuse, two without a
    type; one more in April. A woman of 26 to 40 and two girls of 12 to 17 consented to statistics; a boy did not."""
    network_settings(small_cell_k=2)
    for day, sea_type in [(5, "transactional_sex"), (6, "transactional_sex"), (7, "exploitative_relationship"),
                          (8, "rape"), (9, None), (12, None)]:  # fmt: skip
        filed = complaint(
            at(f"2026-01-{day:02d}"), Classification.SEA, perpetrators=[PerpetratorInput(organisation=personas.org_a)]
        )
        if sea_type:
            filed.allegations.update(sea_type=term("sea_type", sea_type))
    complaint(
        at("2026-02-01"), Classification.SEA, consents=[statistics()],
        survivors=[
            SurvivorInput(sex="female", age_group=term("age_group", "26-40")),
            SurvivorInput(sex="female", age_group=term("age_group", "12-17")),
            SurvivorInput(sex="female", age_group=term("age_group", "12-17")),
        ],
    )  # fmt: skip
    complaint(at("2026-04-02"), Classification.SEA, perpetrators=[PerpetratorInput(organisation=personas.org_a)])
    return personas


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def _get(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response


def test_a_table_downloads_as_csv_with_withheld_cells_empty_and_explained(typed, client_for):
    response = _get(client_for(typed.leadership), f"/insights/table/type.csv{QUERY}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="psea-type-20260101-20260331.csv"'
    rows = _rows(response.content)
    assert rows[0] == ["Code", "By type", "Allegations", "Note"]
    assert rows[1:6] == [
        ["SE", "Sexual exploitation", "3", ""],
        ["SA", "Sexual abuse", "", WITHHELD],  # 1: under k
        ["OTHER", "Other", "0", ""],
        ["UNKNOWN", "Unknown", "0", ""],
        ["", "Not recorded", "", WITHHELD],  # 2: withheld too, or the total would give the 1 back
    ]
    total = rows[6]
    assert total[:3] == ["total", "Total", "6"]
    assert "Every allegation of the complaints classified SEA received in the period." in total[3]
    assert "Received from 2026-01-01 to 2026-03-31." in total[3] and WITHHELD in total[3]
    assert len(rows) == 7


def test_the_hxl_file_adds_a_row_of_hashtags_under_the_headers(typed, client_for):
    rows = _rows(_get(client_for(typed.analyst), f"/insights/table/type.hxl{QUERY}").content)
    assert rows[0] == ["Code", "By type", "Allegations", "Note"]
    assert rows[1] == ["#event+type+code", "#event+type+name", "#indicator+num+allegations", "#meta+note"]
    assert rows[2] == ["SE", "Sexual exploitation", "3", ""]


def test_a_two_way_table_tags_each_column_and_the_totals(typed, client_for):
    response = _get(client_for(typed.leadership), f"/insights/table/victim-age.hxl{QUERY}")
    assert response["Content-Disposition"] == 'attachment; filename="psea-victim-age-20260101-20260331.hxl.csv"'
    rows = _rows(response.content)
    assert rows[1] == [
        "#affected+type+code", "#affected+type+name", "#affected+num+age0_11", "#affected+num+age12_17",
        "#affected+num+age18_25", "#affected+num+age26_40", "#affected+num+age41_60", "#affected+num+age61plus",
        "#affected+num+age_unknown", "#affected+num+total", "#meta+note",
    ]  # fmt: skip
    by_code = {row[0]: row for row in rows[2:]}
    assert by_code["man"][2:11] == ["0", "0", "0", "0", "0", "0", "0", "0", ""]
    assert by_code["woman"][5] == "" and by_code["woman"][9] == ""  # 1 woman of 26 to 40: withheld, and her row's total
    assert by_code["woman"][10] == WITHHELD
    assert "survivors left out: no statistics consent recorded." in by_code["total"][-1]


def test_the_xlsx_file_holds_the_same_table(typed, client_for):
    response = _get(client_for(typed.co_chair), f"/insights/table/type.xlsx{QUERY}")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Code", "By type", "Allegations", "Note")
    assert rows[1] == ("SE", "Sexual exploitation", 3, None)
    assert rows[2] == ("SA", "Sexual abuse", None, WITHHELD)
    assert rows[6][:3] == ("total", "Total", 6)


def test_the_download_follows_the_filters_of_its_query_string(typed, client_for):
    client = client_for(typed.leadership)
    first_quarter = _rows(_get(client, f"/insights/table/month.csv{QUERY}").content)
    assert [row[0] for row in first_quarter[1:-1]] == ["2026-01", "2026-02", "2026-03"]
    assert first_quarter[-1][2] == "6"
    year = _rows(_get(client, "/insights/table/month.csv?start=2026-01-01&end=2026-04-30").content)
    assert year[-1][2] == "7"  # April's allegation too


def test_the_timings_download(typed, client_for):
    rows = _rows(_get(client_for(typed.leadership), f"/insights/table/timings.hxl{QUERY}").content)
    assert rows[1][:4] == [
        "#indicator+step+code", "#indicator+step+name", "#indicator+num+timed", "#indicator+num+waiting"
    ]  # fmt: skip
    assert [row[0] for row in rows[2:]] == ["triage", "referral", "acknowledgement", "closure"]
    assert rows[3][6] == "24 hours"  # the referral deadline


@pytest.mark.parametrize("key", KEYS)
def test_every_table_of_the_page_downloads_in_every_format(typed, client_for, key):
    client = client_for(typed.coordinator)
    for fmt in ("csv", "xlsx", "hxl"):
        assert client.get(f"/insights/table/{key}.{fmt}{QUERY}").status_code == 200


def test_a_download_changes_nothing(typed, client_for):
    before = AuditEvent.objects.count()
    _get(client_for(typed.coordinator), f"/insights/table/sla.csv{QUERY}")
    assert AuditEvent.objects.count() == before
