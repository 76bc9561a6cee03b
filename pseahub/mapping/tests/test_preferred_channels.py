"""The summary selector: per area and group, the channel types ranked with their share of the people consulted,
computed by hand here. A region counts its districts' consultations; a district does not count its region's."""

import datetime as dt

import pytest

from pseahub.mapping.models import CommunityConsultation, ConsultationMethod
from pseahub.mapping.preferences import PreferenceRow, PreferredChannel, consultation_create, preferred_channels
from pseahub.mapping.tests.factories import mali_areas
from pseahub.network.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)


def _consultation(area, number, rows, *, days_ago=10):
    consultation = consultation_create(
        actor=None,
        date=TODAY - dt.timedelta(days=days_ago),
        area=area,
        method=ConsultationMethod.FOCUS_GROUP,
        number_consulted=number,
        preferences=[PreferenceRow(*row) for row in rows],
    )
    return consultation


@pytest.fixture
def areas():
    areas = mali_areas()
    areas["ML0502"] = AreaFactory(pcode="ML0502", name="Bankass", admin_level=2, parent=areas["ML05"])
    return areas


def _table(rows: list[PreferredChannel]) -> list[tuple]:
    return [(r.area, r.channel_type, r.respondents, r.consulted, round(r.share, 4), r.rank) for r in rows]


def test_ranks_and_shares_per_area_a_region_counting_its_districts(areas):
    # Bandiagara: 20 women (help desk 12, community 8) and 10 men (hotline 6, community 6).
    _consultation(
        areas["ML0501"], 20, [("female", "adults", "all", "help_desk", 12), ("female", "adults", "all", "community", 8)]
    )
    _consultation(
        areas["ML0501"], 10, [("male", "adults", "all", "hotline", 6), ("male", "adults", "all", "community", 6)]
    )
    # Bankass: 10 people (community 4); Mopti region-wide: 20 people (hotline 10).
    _consultation(areas["ML0502"], 10, [("all", "all", "all", "community", 4)])
    _consultation(areas["ML05"], 20, [("all", "all", "all", "hotline", 10)])

    rows = preferred_channels(today=TODAY)

    assert _table(rows) == [
        # Mopti region: 20 + 10 + 10 + 20 = 60 consulted; community 8 + 6 + 4 = 18, hotline 6 + 10 = 16, desk 12.
        ("ML05", "community", 18, 60, 0.3, 1),
        ("ML05", "hotline", 16, 60, 0.2667, 2),
        ("ML05", "help_desk", 12, 60, 0.2, 3),
        # Bandiagara: 30 consulted; community 14, help desk 12, hotline 6.
        ("ML0501", "community", 14, 30, 0.4667, 1),
        ("ML0501", "help_desk", 12, 30, 0.4, 2),
        ("ML0501", "hotline", 6, 30, 0.2, 3),
        # Bankass: its own consultation only (the region's does not count for it).
        ("ML0502", "community", 4, 10, 0.4, 1),
    ]


def test_a_group_counts_its_own_lines_and_people_only(areas):
    _consultation(
        areas["ML0501"], 20, [("female", "adults", "all", "help_desk", 12), ("female", "adults", "all", "community", 8)]
    )
    _consultation(areas["ML0501"], 5, [("female", "children", "with", "community", 5)])
    _consultation(areas["ML0501"], 10, [("male", "adults", "all", "hotline", 6)])

    women = preferred_channels(areas["ML0501"], sex="female", today=TODAY)

    # Women and girls of every age: 25 consulted; community 8 + 5 = 13, help desk 12.
    assert _table(women) == [
        ("ML0501", "community", 13, 25, 0.52, 1),
        ("ML0501", "help_desk", 12, 25, 0.48, 2),
    ]
    assert {(r.sex, r.age_group, r.disability) for r in women} == {("female", "all", "all")}
    disabled = preferred_channels(areas["ML0501"], disability="with", today=TODAY)
    assert _table(disabled) == [("ML0501", "community", 5, 5, 1.0, 1)]
    assert preferred_channels(areas["ML0501"], sex="male", age_group="children", today=TODAY) == []


def test_equal_counts_share_a_rank_and_lines_for_exactly_the_group_win(areas):
    # "Everyone" lines and "women" lines in the same consultation: everyone uses the "everyone" lines only.
    _consultation(
        areas["ML0502"],
        30,
        [
            ("all", "all", "all", "hotline", 9),
            ("all", "all", "all", "sms", 9),
            ("all", "all", "all", "community", 3),
            ("female", "all", "all", "help_desk", 7),
        ],
    )
    everyone = preferred_channels(areas["ML0502"], today=TODAY)
    assert [(r.channel_type, r.respondents, r.rank) for r in everyone] == [
        ("hotline", 9, 1),
        ("sms", 9, 1),
        ("community", 3, 3),
    ]
    women = preferred_channels(areas["ML0502"], sex="female", today=TODAY)
    assert [(r.channel_type, r.respondents, r.consulted) for r in women] == [("help_desk", 7, 30)]


def test_only_the_consultations_of_the_last_years_count(areas):
    _consultation(areas["ML0501"], 10, [("all", "all", "all", "hotline", 5)], days_ago=365 * 3 + 5)
    _consultation(areas["ML0501"], 10, [("all", "all", "all", "sms", 5)], days_ago=400)
    assert [r.channel_type for r in preferred_channels(areas["ML0501"], today=TODAY)] == ["sms"]
    assert [r.channel_type for r in preferred_channels(areas["ML0501"], years=1, today=TODAY)] == []
    assert {r.channel_type for r in preferred_channels(areas["ML0501"], years=5, today=TODAY)} == {"hotline", "sms"}
    assert CommunityConsultation.objects.count() == 2


def test_an_area_asked_for_is_the_only_one_returned(areas):
    _consultation(areas["ML0501"], 10, [("all", "all", "all", "hotline", 5)])
    _consultation(areas["ML07"], 10, [("all", "all", "all", "sms", 5)])
    assert {r.area for r in preferred_channels(areas["ML05"], today=TODAY)} == {"ML05"}
    assert {r.area for r in preferred_channels(areas["ML0501"], today=TODAY)} == {"ML0501"}
    assert {r.area for r in preferred_channels(today=TODAY)} == {"ML05", "ML0501", "ML07"}
