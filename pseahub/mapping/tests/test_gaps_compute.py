"""The gaps of each area: no SEA-trained active channel, no service of each type (health only with care after
rape within 72 hours), services that cannot take children or men; coverage nests (a region covers its districts,
not the other way); inactive mechanisms and services do not count."""

from __future__ import annotations

import pytest

from pseahub.mapping.gaps import GapKind, gaps_compute
from pseahub.mapping.models import MechanismStatus, ServiceType, SexServed
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.mapping.tests.gap_world import full_services, mali, sea_channel

pytestmark = pytest.mark.django_db

SERVICE_KINDS = {
    GapKind.NO_SERVICE_HEALTH, GapKind.NO_SERVICE_PSYCHOSOCIAL, GapKind.NO_SERVICE_LEGAL,
    GapKind.NO_SERVICE_SAFETY_SHELTER, GapKind.NO_SERVICE_MATERIAL_LIVELIHOOD,
}  # fmt: skip


def _kinds(pcode: str) -> set[str]:
    return {gap.kind for gap in gaps_compute() if gap.area.pcode == pcode}


def test_an_area_without_anything_has_every_gap_of_everyone():
    mali()
    assert _kinds("ML0701") == {GapKind.NO_SEA_CHANNEL} | SERVICE_KINDS
    assert {gap.area.pcode for gap in gaps_compute()} == {"ML05", "ML0501", "ML0502", "ML07", "ML0701"}


def test_a_region_s_channel_and_services_cover_its_districts_not_the_other_way():
    areas = mali()
    sea_channel([areas["ML05"]])
    full_services([areas["ML05"]])
    sea_channel([areas["ML0701"]])
    full_services([areas["ML0701"]])
    assert _kinds("ML05") == _kinds("ML0501") == _kinds("ML0502") == set()
    assert _kinds("ML0701") == set()
    assert _kinds("ML07") == {GapKind.NO_SEA_CHANNEL} | SERVICE_KINDS  # a district does not cover its region


def test_a_country_wide_channel_covers_every_area():
    areas = mali()
    sea_channel([areas["MLI"]])
    assert all(GapKind.NO_SEA_CHANNEL not in _kinds(p) for p in ("ML05", "ML0501", "ML07", "ML0701"))


@pytest.mark.parametrize(
    "fields",
    [{"status": MechanismStatus.SUSPENDED}, {"status": MechanismStatus.SETTING_UP}, {"sea_trained": False}],
)
def test_a_channel_that_is_not_active_or_not_sea_trained_leaves_the_gap(fields):
    areas = mali()
    sea_channel([areas["ML05"]], **fields)
    assert GapKind.NO_SEA_CHANNEL in _kinds("ML0501")


def test_a_channel_of_an_inactive_organisation_does_not_count():
    areas = mali()
    mechanism = sea_channel([areas["ML05"]])
    mechanism.organisation.is_active = False
    mechanism.organisation.save()
    assert GapKind.NO_SEA_CHANNEL in _kinds("ML05")


def test_inactive_services_do_not_count():
    areas = mali()
    ServiceFactory(type=ServiceType.LEGAL, areas=[areas["ML05"]], is_active=False)
    provider_gone = ServiceFactory(type=ServiceType.PSYCHOSOCIAL, areas=[areas["ML05"]])
    provider_gone.provider.is_active = False
    provider_gone.provider.save()
    assert {GapKind.NO_SERVICE_LEGAL, GapKind.NO_SERVICE_PSYCHOSOCIAL} <= _kinds("ML05")


def test_health_counts_only_with_care_after_rape_within_72_hours():
    areas = mali()
    ServiceFactory(type=ServiceType.HEALTH, post_rape_care_72h=False, areas=[areas["ML05"]])
    assert GapKind.NO_SERVICE_HEALTH in _kinds("ML05")
    ServiceFactory(type=ServiceType.HEALTH, post_rape_care_72h=True, areas=[areas["ML05"]])
    assert GapKind.NO_SERVICE_HEALTH not in _kinds("ML05")


def test_services_that_cannot_take_children_or_men():
    areas = mali()
    ServiceFactory(type=ServiceType.LEGAL, min_age=18, areas=[areas["ML05"]])
    ServiceFactory(type=ServiceType.PSYCHOSOCIAL, sex_served=SexServed.FEMALE, areas=[areas["ML05"]])
    ServiceFactory(type=ServiceType.SAFETY_SHELTER, sex_served=SexServed.FEMALE, max_age=17, areas=[areas["ML05"]])
    ServiceFactory(type=ServiceType.SAFETY_SHELTER, sex_served=SexServed.ALL, min_age=18, areas=[areas["ML05"]])
    gaps = {gap.kind: gap for gap in gaps_compute() if gap.area.pcode == "ML05"}
    children = gaps[GapKind.NO_SERVICE_FOR_CHILDREN]
    assert children.subjects == (ServiceType.LEGAL,) and children.group.age_group == "children"
    assert children.group.label == "Children (under 18)"
    men = gaps[GapKind.NO_SERVICE_FOR_MEN]
    assert men.subjects == (ServiceType.PSYCHOSOCIAL,) and men.group.sex == "male"
    assert "Psychosocial support" in men.detail


def test_no_children_or_men_gap_where_a_service_takes_them():
    areas = mali()
    ServiceFactory(type=ServiceType.LEGAL, areas=[areas["ML05"]])
    kinds = _kinds("ML05")
    assert GapKind.NO_SERVICE_FOR_CHILDREN not in kinds and GapKind.NO_SERVICE_FOR_MEN not in kinds


def test_each_gap_has_a_stable_key_and_everyone_as_group_when_it_does_not_depend_on_one():
    mali()
    gap = next(g for g in gaps_compute() if g.kind == GapKind.NO_SEA_CHANNEL and g.area.pcode == "ML0501")
    assert gap.key == "no_sea_channel:ML0501:all-all-all" and gap.group.label == "Everyone"
