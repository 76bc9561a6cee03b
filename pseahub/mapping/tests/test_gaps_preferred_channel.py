"""The preferred channel: for each area and population group, the channel type(s) most respondents prefer over the
consultations of the last three years (a region counts its districts' consultations); a gap when no active
mechanism of that type covers the area."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pseahub.mapping.gaps import GapKind, gaps_compute
from pseahub.mapping.models import ChannelPreference, CommunityConsultation, MechanismStatus, MechanismType
from pseahub.mapping.tests.gap_world import mali, sea_channel

pytestmark = pytest.mark.django_db


def _consult(area, preferences: dict[str, int], *, sex="female", age_group="all", days_ago=30):
    consultation = CommunityConsultation.objects.create(
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        area=area,
        method="focus_group",
        number_consulted=40,
    )
    for channel_type, respondents in preferences.items():
        ChannelPreference.objects.create(
            consultation=consultation, sex=sex, age_group=age_group, channel_type=channel_type, respondents=respondents
        )


def _preferred(pcode: str):
    return [g for g in gaps_compute() if g.kind == GapKind.PREFERRED_CHANNEL_ABSENT and g.area.pcode == pcode]


def test_the_top_preferred_type_absent_is_a_gap_of_that_group():
    areas = mali()
    _consult(areas["ML0501"], {MechanismType.COMMUNITY: 25, MechanismType.HOTLINE: 10})
    sea_channel([areas["ML05"]], type=MechanismType.HOTLINE)
    [gap] = _preferred("ML0501")
    assert gap.subjects == (MechanismType.COMMUNITY,)
    assert gap.group.sex == "female" and gap.group.label == "Women and girls"
    assert gap.key == "preferred_channel_absent:ML0501:female-all-all"
    assert gap.detail == "Preferred: Community volunteers or committees"
    assert gap.severity == "medium"


def test_no_gap_when_an_active_mechanism_of_the_preferred_type_covers_the_area():
    areas = mali()
    _consult(areas["ML0501"], {MechanismType.COMMUNITY: 25, MechanismType.HOTLINE: 10})
    sea_channel([areas["ML05"]], type=MechanismType.COMMUNITY, sea_trained=False)
    assert _preferred("ML0501") == []


def test_an_inactive_mechanism_of_the_preferred_type_does_not_count():
    areas = mali()
    _consult(areas["ML0501"], {MechanismType.COMMUNITY: 25})
    sea_channel([areas["ML0501"]], type=MechanismType.COMMUNITY, status=MechanismStatus.CLOSED)
    assert len(_preferred("ML0501")) == 1


def test_a_region_counts_its_districts_consultations_a_district_only_its_own():
    areas = mali()
    _consult(areas["ML0501"], {MechanismType.WHATSAPP: 30})
    _consult(areas["ML0502"], {MechanismType.SMS: 20})
    _consult(areas["ML05"], {MechanismType.SMS: 15})
    assert [g.subjects for g in _preferred("ML05")] == [(MechanismType.SMS,)]  # 35 against 30
    assert [g.subjects for g in _preferred("ML0501")] == [(MechanismType.WHATSAPP,)]
    assert [g.subjects for g in _preferred("ML0502")] == [(MechanismType.SMS,)]


def test_consultations_older_than_three_years_do_not_count_and_groups_are_apart():
    areas = mali()
    _consult(areas["ML0701"], {MechanismType.SMS: 50}, days_ago=4 * 365)
    _consult(areas["ML0701"], {MechanismType.HELP_DESK: 5}, sex="male", age_group="children")
    [gap] = _preferred("ML0701")
    assert gap.subjects == (MechanismType.HELP_DESK,) and gap.group.key == "male-children-all"


def test_tied_types_are_all_preferred_and_one_of_them_present_closes_the_gap():
    areas = mali()
    _consult(areas["ML0701"], {MechanismType.SMS: 10, MechanismType.HOTLINE: 10})
    [gap] = _preferred("ML0701")
    assert gap.subjects == (MechanismType.HOTLINE, MechanismType.SMS)
    sea_channel([areas["ML0701"]], type=MechanismType.SMS)
    assert _preferred("ML0701") == []
