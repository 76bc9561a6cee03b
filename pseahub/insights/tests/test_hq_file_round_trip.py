"""A country's return, as its network makes it (hq_file), is what an HQ installation reads (hq_import): the JSON
and the CSV of one made HQ report both pass every check and read as the JSON's own document."""

from __future__ import annotations

import json

import pytest

from pseahub.insights.hq_import import return_read
from pseahub.insights.models import CountryReturn, ReportFormat
from pseahub.insights.systemwide import by_country, country_return_import

from .helpers import file_of
from .hq_file_records import COUNTRY, K, hq_file_records
from .test_hq_file import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(personas, client_for, django_capture_on_commit_callbacks):
    hq_file_records(personas)
    report = make(personas, client_for, django_capture_on_commit_callbacks, "ar")
    return file_of(report, ReportFormat.JSON), file_of(report, ReportFormat.CSV)


def test_the_json_and_the_csv_read_back_as_the_same_document(made):
    as_json, as_csv = made

    from_json = return_read(as_json, "return.json", hq_k=K)
    from_csv = return_read(as_csv, "return.csv", hq_k=K)

    assert from_json.problems == [] and from_csv.problems == []
    assert from_json.document == json.loads(as_json)
    assert from_csv.document == from_json.document


def test_an_hq_with_a_larger_smallest_count_refuses_the_file(made):
    as_json, _as_csv = made

    refused = return_read(as_json, "return.json", hq_k=K + 2)

    assert refused.problems
    assert any(str(K) in problem.found for problem in refused.problems)


def test_imported_at_hq_it_is_the_country_row_of_the_view_by_country(made, personas):
    as_json, _as_csv = made

    imported = country_return_import(actor=personas.coordinator, content=as_json, filename="return.json")

    assert not imported.refused and imported.created
    stored = CountryReturn.objects.get()
    assert stored.country == COUNTRY
    hq_type = next(table for table in json.loads(as_json)["tables"] if table["id"] == "hq-type")
    by_type = next(view for view in by_country([stored]) if view.key == "type")
    (row,) = by_type.rows
    assert row.values[: len(hq_type["columns"])] == hq_type["column_totals"]
    assert row.total == hq_type["total"] == by_type.total
