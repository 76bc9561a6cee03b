"""The quarterly return's system-wide categories, hand-computed from ``records.quarter_records``: the entity
types folded into the UN's perpetrator affiliations, the type, the status from the referrals' investigation record
and the victims (statistics consent only), each once per affiliation."""

from __future__ import annotations

import pytest

from pseahub.insights import hq
from pseahub.insights.counting import Filters
from pseahub.insights.suppression import suppress

from .report_records import QUARTER, quarter_records

pytestmark = pytest.mark.django_db

Q1 = Filters(start=QUARTER[0], end=QUARTER[1])
AFFILIATIONS = ["un_peace_operation", "un_afp", "implementing_partner", "non_un_forces", "other_unknown"]


@pytest.fixture
def records(personas):
    return quarter_records(personas)


def _table(table) -> dict[str, list[int]]:
    assert table.row_keys == AFFILIATIONS
    return dict(zip(table.row_keys, table.cells, strict=True))


def test_entity_types_map_onto_the_un_affiliations():
    assert hq.AFFILIATION_OF_ENTITY_TYPE == {
        "un_peace_operation": "un_peace_operation", "un_agency": "un_afp",
        "implementing_partner": "implementing_partner", "non_un_forces": "non_un_forces",
    }  # fmt: skip
    # Government, contractor and unknown are "other or unknown".
    assert {"government", "contractor", "unknown"}.isdisjoint(hq.AFFILIATION_OF_ENTITY_TYPE)


def test_allegations_by_affiliation_and_type(records):
    table = hq.allegations_by_affiliation_and_type(Q1)
    assert table.column_labels == ["Sexual exploitation", "Sexual abuse", "Other", "Unknown"]
    assert _table(table) == {
        "un_peace_operation": [0, 0, 0, 0],
        "un_afp": [1, 1, 0, 0],  # A (SE), B's allegation against ALPHA (SA)
        "implementing_partner": [0, 1, 0, 0],  # B's allegation against BETA
        "non_un_forces": [0, 0, 0, 1],  # C: no type recorded
        "other_unknown": [0, 0, 1, 0],  # D: government
    }
    assert table.total == 5 and table.unit == "allegations"


def test_the_status_comes_from_the_latest_referral_neither_revoked_nor_declined(records):
    table = hq.allegations_by_affiliation_and_status(Q1)
    assert table.row_keys == [
        "preliminary_assessment", "under_investigation", "under_review", "substantiated", "not_substantiated",
        "referred_to_member_state", "closed_other", "pending", "not_referred",
    ]  # fmt: skip
    assert table.column_labels == [label for _key, label in hq.affiliations()]
    got = dict(zip(table.row_keys, table.cells, strict=True))
    non_zero = {status: cells for status, cells in got.items() if any(cells)}
    # Columns: peace operation, agencies, implementing partner, non-UN forces, other or unknown.
    assert non_zero == {
        "substantiated": [0, 1, 0, 0, 0],  # A, closed substantiated
        "under_investigation": [0, 0, 1, 0, 0],  # BETA's second referral (the revoked one's outcome is not taken)
        "pending": [0, 1, 0, 0, 0],  # B's referral to ALPHA, in progress with no outcome
        "not_referred": [0, 0, 0, 1, 1],  # C never referred; D's only referral declined
    }


def test_victims_count_with_consent_once_under_each_affiliation(records):
    table = hq.victims_by_affiliation(Q1)
    assert table.column_labels == ["Women", "Girls (under 18)", "Men", "Boys (under 18)", "Unknown"]
    assert _table(table) == {
        "un_peace_operation": [0, 0, 0, 0, 0],
        "un_afp": [1, 1, 0, 1, 0],  # A's woman; B's girl and boy
        "implementing_partner": [0, 1, 0, 1, 0],  # B's girl and boy again, under BETA's affiliation
        "non_un_forces": [0, 0, 0, 0, 0],  # C's man has no statistics consent
        "other_unknown": [0, 0, 0, 0, 1],
    }
    assert table.left_out == 1 and table.unit == "survivors"


def test_allegations_by_year_of_the_incident(records):
    table = hq.allegations_by_affiliation_and_incident_year(Q1)
    assert table.column_labels == ["2025", "2026", "Date unknown"]
    assert _table(table) == {
        "un_peace_operation": [0, 0, 0],
        "un_afp": [1, 0, 1],
        "implementing_partner": [0, 0, 1],
        "non_un_forces": [0, 1, 0],
        "other_unknown": [0, 1, 0],
    }


def test_allegations_by_status_alone(records):
    table = hq.allegations_by_status(Q1)
    counts = dict(zip(table.row_keys, (row[0] for row in table.cells), strict=True))
    assert counts == {
        "preliminary_assessment": 0, "under_investigation": 1, "under_review": 0, "substantiated": 1,
        "not_substantiated": 0, "referred_to_member_state": 0, "closed_other": 0, "pending": 1, "not_referred": 2,
    }  # fmt: skip


def test_the_published_return_withholds_small_cells(records):
    published = suppress(hq.allegations_by_affiliation_and_type(Q1), 2)
    # Every non-zero cell is 1: all withheld, and the totals under 2 with them; zeros stay. The row total 2 and the
    # grand total 5 go too: shown, either would say that the withheld cells it sums (each at least 1) are all 1.
    assert published.cells[1] == [None, None, 0, 0]
    assert published.row_totals == [0, None, None, None, None]
    assert published.total is None
