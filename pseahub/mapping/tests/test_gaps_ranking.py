"""Ranking and filters: severity first (high, medium, low), then the area's name; the filters keep an area and its
districts, a kind, a severity, and a population group (a gap of everyone concerns every group)."""

from __future__ import annotations

import pytest

from pseahub.mapping.gaps import GapFilters, GapKind, gap_list, gaps_compute
from pseahub.mapping.models import ServiceType
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.mapping.tests.gap_world import full_services, mali, sea_channel

pytestmark = pytest.mark.django_db


def test_gaps_are_ranked_by_severity_then_area_name():
    areas = mali()
    full_services([areas["ML05"]])
    gaps = gaps_compute()
    severities = [gap.severity for gap in gaps]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    high = [gap.area.display_name() for gap in gaps if gap.severity == "high"]
    assert high == ["Ansongo", "Ansongo", "Bandiagara", "Bankass", "Gao", "Gao", "Mopti"]
    medium = [(gap.area.display_name(), gap.kind) for gap in gaps if gap.severity == "medium"]
    assert medium == [("Ansongo", GapKind.NO_SERVICE_PSYCHOSOCIAL), ("Ansongo", GapKind.NO_SERVICE_SAFETY_SHELTER),
                      ("Gao", GapKind.NO_SERVICE_PSYCHOSOCIAL), ("Gao", GapKind.NO_SERVICE_SAFETY_SHELTER)]  # fmt: skip


def test_severities_of_the_kinds():
    areas = mali()
    sea_channel([areas["MLI"]])
    severity = {gap.kind: gap.severity for gap in gaps_compute()}
    assert severity[GapKind.NO_SERVICE_HEALTH] == "high"
    assert severity[GapKind.NO_SERVICE_PSYCHOSOCIAL] == severity[GapKind.NO_SERVICE_SAFETY_SHELTER] == "medium"
    assert severity[GapKind.NO_SERVICE_LEGAL] == severity[GapKind.NO_SERVICE_MATERIAL_LIVELIHOOD] == "low"


def test_the_area_filter_keeps_the_area_and_its_districts():
    areas = mali()
    pcodes = {gap.area.pcode for gap in gap_list(GapFilters(area=areas["ML05"]))}
    assert pcodes == {"ML05", "ML0501", "ML0502"}
    assert {gap.area.pcode for gap in gap_list(GapFilters(area=areas["ML0501"]))} == {"ML0501"}


def test_kind_severity_and_group_filters():
    areas = mali()
    ServiceFactory(type=ServiceType.LEGAL, min_age=18, areas=[areas["ML07"]])
    assert {g.kind for g in gap_list(GapFilters(kind=GapKind.NO_SERVICE_LEGAL))} == {GapKind.NO_SERVICE_LEGAL}
    assert {g.severity for g in gap_list(GapFilters(severity="high"))} == {"high"}
    children = gap_list(GapFilters(age_group="children"))
    assert GapKind.NO_SERVICE_FOR_CHILDREN in {g.kind for g in children}
    assert GapKind.NO_SEA_CHANNEL in {g.kind for g in children}  # everyone's gaps concern children too
    assert GapKind.NO_SERVICE_FOR_CHILDREN not in {g.kind for g in gap_list(GapFilters(age_group="adults"))}
