"""The gap table as XLSX: the same gaps, in the same order, for the same filters, headers in the page's language,
every cell text (an empty one blank)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pseahub.mapping.tests.gap_world import full_services, mali, sea_channel

pytestmark = pytest.mark.django_db


def _rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_download_holds_the_filtered_gaps(personas, client_for):
    areas = mali()
    sea_channel([areas["ML05"]])
    full_services([areas["MLI"]])
    response = client_for(personas.coordinator).get(reverse("mapping:gaps_xlsx"), {"area": "ML07"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="psea-gaps-')
    rows = _rows(response)
    assert rows[0] == ["Severity", "Area", "P-code", "Region", "Gap", "Population group", "Details", "Key"]
    assert rows[1:] == [
        ["High", "Ansongo", "ML0701", "Gao", "No active channel with staff trained on SEA intake", "Everyone", None,
         "no_sea_channel:ML0701:all-all-all"],
        ["High", "Gao", "ML07", None, "No active channel with staff trained on SEA intake", "Everyone", None,
         "no_sea_channel:ML07:all-all-all"],
    ]  # fmt: skip


def test_headers_follow_the_language(personas, client_for):
    mali()
    client = client_for(personas.coordinator)
    response = client.get(reverse("mapping:gaps_xlsx"), HTTP_ACCEPT_LANGUAGE="fr")
    header = _rows(response)[0]
    assert len(header) == 8 and all(isinstance(value, str) and value for value in header)
