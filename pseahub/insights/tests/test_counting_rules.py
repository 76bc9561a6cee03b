"""The counting rules with hand-computed expected tables: allegations once per concerned organisation, survivors
only with statistics consent (the others counted as left out), duplicates and complaints outside the period never
counted."""

from __future__ import annotations

import datetime as dt

import pytest

from pseahub.cases.models import Classification, ClosureReason, Complaint
from pseahub.cases.services import ComplaintInput, PerpetratorInput, SurvivorInput, complaint_create
from pseahub.cases.tests.helpers import term
from pseahub.insights.counting import (
    Filters,
    allegations_by,
    allegations_by_month,
    complaints_by_classification,
    survivors_by,
)
from pseahub.network.models import Area, OrganisationType
from pseahub.tracker.tests.records import statistics

pytestmark = pytest.mark.django_db

PERIOD = Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))


def _complaint(received: dt.date, classification: str, **fields) -> Complaint:
    data = ComplaintInput(channel="hotline", received_at=dt.datetime.combine(received, dt.time(9), dt.UTC), **fields)
    complaint = complaint_create(actor=None, data=data).complaint
    Complaint.objects.filter(pk=complaint.pk).update(classification=classification)
    return complaint


@pytest.fixture
def network(personas):
    personas.org_a.type = OrganisationType.UN_AGENCY
    personas.org_a.save()
    personas.org_b.type = OrganisationType.INGO
    personas.org_b.save()
    mopti = Area.objects.create(pcode="ML05", name="Mopti", admin_level=1)
    bandiagara = Area.objects.create(pcode="ML0501", name="Bandiagara", admin_level=2, parent=mopti)
    Area.objects.create(pcode="ML07", name="Gao", admin_level=1)
    woman = SurvivorInput(sex="female", age_group=term("age_group", "26-40"))
    girl = SurvivorInput(sex="female", age_group=term("age_group", "12-17"))
    boy = SurvivorInput(sex="male", age_group=term("age_group", "0-11"))
    # A: January, Mopti (recorded at admin-2), one allegation against ALPHA, a woman who consented to statistics.
    a = _complaint(
        dt.date(2026, 1, 10), Classification.SEA, area=bandiagara, survivors=[woman],
        perpetrators=[PerpetratorInput(organisation=personas.org_a)], consents=[statistics()],
    )  # fmt: skip
    a.allegations.update(sea_type=term("sea_type", "transactional_sex"))
    # B: March, no area, perpetrators of ALPHA and BETA (two allegations), a girl and a boy, no consent asked.
    b = _complaint(
        dt.date(2026, 3, 5), Classification.SEA, survivors=[girl, boy],
        perpetrators=[PerpetratorInput(organisation=personas.org_a), PerpetratorInput(organisation=personas.org_b)],
    )  # fmt: skip
    b.allegations.update(sea_type=term("sea_type", "rape"))
    # C: a duplicate of B, closed as such: never counted.
    c = _complaint(
        dt.date(2026, 3, 6), Classification.SEA, survivors=[girl], consents=[statistics()],
        perpetrators=[PerpetratorInput(organisation=personas.org_a)],
    )  # fmt: skip
    Complaint.objects.filter(pk=c.pk).update(closure_reason=ClosureReason.DUPLICATE, duplicate_of=b)
    # D: programme feedback in February: a complaint, no allegation counted.
    _complaint(dt.date(2026, 2, 2), Classification.PROGRAMME_FEEDBACK, reported_organisation=personas.org_b)
    # E: SEA in December 2025, outside the period.
    _complaint(
        dt.date(2025, 12, 30), Classification.SEA, survivors=[woman], consents=[statistics()],
        perpetrators=[PerpetratorInput(organisation=personas.org_a)],
    )  # fmt: skip
    return personas


def _column(table) -> dict[str, int]:
    return {key: row[0] for key, row in zip(table.row_keys, table.cells, strict=True)}


def test_complaints_are_counted_by_classification_without_duplicates(network):
    table = complaints_by_classification(PERIOD)
    assert _column(table) == {
        "unclassified": 0, "sea": 2, "sexual_harassment": 0, "other_misconduct": 0, "programme_feedback": 1,
    }  # fmt: skip
    assert table.unit == "complaints"


def test_allegations_count_once_per_concerned_organisation(network):
    table = allegations_by("entity_type", PERIOD)
    counts = _column(table)
    assert counts["un_agency"] == 2 and counts["implementing_partner"] == 1 and table.total == 3
    assert _column(allegations_by("sea_group", PERIOD)) == {"SE": 1, "SA": 2, "OTHER": 0, "UNKNOWN": 0}


def test_allegations_by_month_show_empty_months(network):
    table = allegations_by_month(PERIOD)
    assert _column(table) == {"2026-01": 1, "2026-02": 0, "2026-03": 2}


def test_areas_are_counted_at_admin_1_whatever_level_was_recorded(network):
    counts = _column(allegations_by("area", PERIOD))
    assert counts == {"ML07": 0, "ML05": 1, "_none": 2}


def test_survivors_count_only_with_statistics_consent_and_say_how_many_were_left_out(network):
    table = survivors_by("victim_type", PERIOD)
    assert _column(table) == {"woman": 1, "girl": 0, "man": 0, "boy": 0, "unknown": 0}
    assert table.left_out == 2 and table.unit == "survivors"
    assert "statistics consent" in table.denominator


def test_a_withdrawn_consent_takes_the_survivor_out(network):
    from pseahub.cases.models import Consent, ConsentDecision, ConsentPurpose

    complaint = Complaint.objects.get(received_at__date=dt.date(2026, 1, 10))
    Consent.objects.create(
        complaint=complaint, purpose=ConsentPurpose.STATISTICS, decision=ConsentDecision.WITHDRAWN,
        given_by="survivor", decided_at=complaint.received_at + dt.timedelta(days=3),
    )  # fmt: skip
    table = survivors_by("victim_type", PERIOD)
    assert table.total == 0 and table.left_out == 3


def test_the_organisation_type_filter_keeps_that_type_s_allegations(network):
    only_ngo = Filters(start=PERIOD.start, end=PERIOD.end, organisation_type=OrganisationType.INGO)
    assert allegations_by("entity_type", only_ngo).total == 1
    assert survivors_by("victim_type", only_ngo).left_out == 2  # B's girl and boy, no consent


def test_the_area_filter_keeps_that_admin_1_area(network):
    mopti = Filters(start=PERIOD.start, end=PERIOD.end, area="ML05")
    assert allegations_by("sea_group", mopti).total == 1
    assert survivors_by("victim_type", mopti).total == 1
