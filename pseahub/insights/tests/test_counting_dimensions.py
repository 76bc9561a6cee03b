"""The dashboard's further dimensions, with hand-computed expected tables: allegations by sub-type and personnel
category, complaints by channel (and the organisation-type filter on complaint-level tables), survivors by victim
type and age group (consented survivors only, the others left out)."""

from __future__ import annotations

import pytest

from pseahub.cases.models import Classification, ClosureReason, ConsentDecision
from pseahub.cases.services import PerpetratorInput, SurvivorInput
from pseahub.cases.tests.helpers import term
from pseahub.insights.counting import Filters, allegations_by, complaints_by, survivors_by_two
from pseahub.network.models import Area, OrganisationType
from pseahub.tracker.tests.records import statistics

from .records import at, complaint

pytestmark = pytest.mark.django_db

PERIOD = Filters(start=at("2026-01-01").date(), end=at("2026-03-31").date())


@pytest.fixture
def records(personas):
    personas.org_a.type = OrganisationType.UN_AGENCY
    personas.org_a.save()
    personas.org_b.type = OrganisationType.INGO
    personas.org_b.save()
    mopti = Area.objects.create(pcode="ML05", name="Mopti", admin_level=1)
    national, volunteer = term("personnel_category", "un_civilian_national"), term("personnel_category", "un_volunteer")
    # A: hotline, January, Mopti; ALPHA's UN national civilian; a woman, a girl and a woman of unknown age, who
    # consented to statistics.
    a = complaint(
        at("2026-01-10"), Classification.SEA, channel="hotline", area=mopti,
        survivors=[
            SurvivorInput(sex="female", age_group=term("age_group", "26-40")),
            SurvivorInput(sex="female", age_group=term("age_group", "12-17")),
            SurvivorInput(sex="female"),
        ],
        perpetrators=[PerpetratorInput(organisation=personas.org_a, personnel_category=national)],
        consents=[statistics()],
    )  # fmt: skip
    a.allegations.update(sea_type=term("sea_type", "transactional_sex"))
    # B: web, February; ALPHA's UN volunteer and BETA's unknown personnel; a boy and someone unknown, no consent.
    b = complaint(
        at("2026-02-03"), Classification.SEA, channel="web",
        survivors=[SurvivorInput(sex="male", age_group=term("age_group", "0-11")), SurvivorInput(sex="unknown")],
        perpetrators=[
            PerpetratorInput(organisation=personas.org_a, personnel_category=volunteer),
            PerpetratorInput(organisation=personas.org_b),
        ],
    )  # fmt: skip
    b.allegations.update(sea_type=term("sea_type", "rape"))
    # C: web, programme feedback about BETA. D: SMS, not yet classified, no organisation.
    complaint(at("2026-03-01"), Classification.PROGRAMME_FEEDBACK, channel="web", reported_organisation=personas.org_b)
    complaint(at("2026-03-02"), Classification.UNCLASSIFIED, channel="sms")
    # E: a WhatsApp duplicate of B, and F: a refused consent, both outside every table.
    complaint(
        at("2026-02-04"), Classification.SEA, channel="whatsapp", closure_reason=ClosureReason.DUPLICATE,
        duplicate_of=b, perpetrators=[PerpetratorInput(organisation=personas.org_a)],
    )  # fmt: skip
    complaint(
        at("2026-03-20"), Classification.SEA, channel="field_form",
        survivors=[SurvivorInput(sex="male", age_group=term("age_group", "41-60"))],
        consents=[statistics(ConsentDecision.REFUSED)],
    )  # fmt: skip
    return personas


def _column(table) -> dict[str, int]:
    return {key: row[0] for key, row in zip(table.row_keys, table.cells, strict=True)}


def _nonzero(table) -> dict[str, int]:
    return {key: count for key, count in _column(table).items() if count}


def test_allegations_by_sub_type(records):
    assert _nonzero(allegations_by("sea_type", PERIOD)) == {"transactional_sex": 1, "rape": 2}


def test_allegations_by_personnel_category_say_which_were_not_recorded(records):
    table = allegations_by("personnel_category", PERIOD)
    assert _nonzero(table) == {"un_civilian_national": 1, "un_volunteer": 1, "_none": 1}
    assert table.row_labels[-1] == "Not recorded"


def test_complaints_by_channel_count_every_classification_without_duplicates(records):
    table = complaints_by("channel", PERIOD)
    assert _nonzero(table) == {"hotline": 1, "web": 2, "sms": 1, "field_form": 1}
    assert table.total == 5 and table.unit == "complaints"


def test_the_organisation_type_filter_keeps_complaints_concerning_or_naming_that_type(records):
    ngo = Filters(start=PERIOD.start, end=PERIOD.end, organisation_type=OrganisationType.INGO)
    assert _nonzero(complaints_by("channel", ngo)) == {"web": 2}  # B (an allegation against BETA), C (names BETA)
    un = Filters(start=PERIOD.start, end=PERIOD.end, organisation_type=OrganisationType.UN_AGENCY)
    assert _nonzero(complaints_by("channel", un)) == {"hotline": 1, "web": 1}  # A and B
    assert _nonzero(complaints_by("classification", un)) == {"sea": 2}


def test_survivors_by_victim_type_and_age_group_count_only_consented_survivors(records):
    table = survivors_by_two("victim_type", "age_group", PERIOD, title="Survivors")
    cells = {
        (row, column): count
        for row, counts in zip(table.row_keys, table.cells, strict=True)
        for column, count in zip(table.column_keys, counts, strict=True)
        if count
    }
    assert cells == {("woman", "26-40"): 1, ("girl", "12-17"): 1, ("unknown", "_none"): 1}
    assert table.row_keys == ["woman", "girl", "man", "boy", "unknown"]
    assert table.column_keys == ["0-11", "12-17", "18-25", "26-40", "41-60", "61+", "unknown", "_none"]
    assert table.column_labels[-1] == "Not recorded"
    # B's boy and unknown survivor (no consent asked) and F's man (refused) are left out.
    assert table.total == 3 and table.left_out == 3


def test_the_area_filter_applies_to_the_two_way_table(records):
    gao = Filters(start=PERIOD.start, end=PERIOD.end, area="ML07")
    table = survivors_by_two("victim_type", "age_group", gao, title="Survivors")
    assert table.total == 0 and table.left_out == 0
