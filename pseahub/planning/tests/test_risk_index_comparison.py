"""A risk index (scored per area, not per sector) is compared with the previous round too: per area, matched by the
index framework's code and the area's p-code, on the round's page and in its XLSX export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pseahub.network.models import Area
from pseahub.planning import risk
from pseahub.planning.models import RoundStatus

from .risk_helpers import make_round

pytestmark = pytest.mark.django_db

INDEX = "searo-country"


def _score_index(personas, assessment, value: int) -> None:
    """The index's first indicator in Alpha Region, submitted."""
    part = risk.part_get(assessment, INDEX)
    entry = risk.Entry(indicator=part.indicators[0], area=Area.objects.get(pcode="TS01"), value=value)
    org, user = personas.org_a, personas.focal_point_a
    risk.contribution_save(actor=user, assessment=assessment, organisation=org, part=part, entries=[entry])
    risk.contribution_submit(actor=user, assessment=assessment, organisation=org)


def test_the_index_of_each_area_is_compared_with_the_previous_round(personas, client_for):
    before = make_round(personas.coordinator, title="Round 2025", status=RoundStatus.OPEN, index=True)
    _score_index(personas, before, 2)
    for step in (RoundStatus.CONSOLIDATING, RoundStatus.COMPLETED):
        before = risk.round_advance(actor=personas.coordinator, assessment=before, to=step)
    now = make_round(personas.coordinator, title="Round 2026", status=RoundStatus.OPEN, previous=before, index=True)
    _score_index(personas, now, 4)

    rows = [row for row in risk.compare(now) if row.sector == ""]

    framework = risk.part_get(now, INDEX).framework
    assert [(row.label, row.area_name, row.change) for row in rows] == [
        (framework.display_name(), "Alpha Region", "up")
    ]
    assert rows[0].previous is not None and rows[0].current is not None and rows[0].previous < rows[0].current
    client = client_for(personas.coordinator)
    page = client.get(reverse("planning:risk_round", args=[now.public_id])).content.decode()
    table = page[page.index('id="comparison"') :]
    assert framework.display_name() in table[: table.index("</table>")]
    export = client.post(reverse("planning:risk_export", args=[now.public_id, "xlsx"]), {"lang": "en"})
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[3]
    assert [framework.display_name(), "Alpha Region"] in [[c.value for c in row][:2] for row in sheet.iter_rows()]
