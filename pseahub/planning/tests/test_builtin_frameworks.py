"""The shipped risk frameworks and plan templates are there after migrate, are restored by ``ensure_builtin``, and
leave a network's own ones alone."""

from __future__ import annotations

import pytest
from django.utils import translation

from pseahub.planning.frameworks import SECTOR_MATRICES, ensure_builtin
from pseahub.planning.models import FrameworkKind, PlanTemplate, RiskFramework, RiskIndicator, Sector

pytestmark = pytest.mark.django_db


def test_one_country_index_and_one_matrix_per_sector_are_shipped() -> None:
    index = RiskFramework.objects.get(code="searo-country")
    assert index.kind == FrameworkKind.INDEX
    assert [d.name for d in index.dimensions.all()] == [
        "Enabling environment",
        "Humanitarian context",
        "Operational context",
        "Prevention and response capacity",
    ]
    matrices = RiskFramework.objects.filter(kind=FrameworkKind.MATRIX, is_builtin=True)
    assert sorted(matrices.values_list("sector", flat=True)) == sorted(
        [Sector.FOOD_CASH, Sector.SHELTER, Sector.WASH, Sector.HEALTH, Sector.EDUCATION, Sector.CAMPS,
         Sector.RECRUITMENT]
    )  # fmt: skip
    assert len(SECTOR_MATRICES) == matrices.count()
    food = matrices.get(sector=Sector.FOOD_CASH)
    assert food.scales["likelihood"][0] == "Rare" and len(food.scales["impact"]) == 5
    assert [band["min"] for band in food.classes] == [15, 8, 1]


def test_plan_templates_hold_the_iasc_and_five_outcome_structures() -> None:
    iasc = PlanTemplate.objects.get(code="iasc-2018")
    assert [o["name"] for o in iasc.outcomes] == [
        "Safe and accessible reporting",
        "Quality assistance for survivors",
        "Enhanced accountability, including investigations",
    ]
    assert len(PlanTemplate.objects.get(code="five-outcomes").outcomes) == 5


def test_ensure_builtin_restores_a_changed_text_and_adds_nothing_twice() -> None:
    indicators = RiskIndicator.objects.count()
    indicator = RiskIndicator.objects.get(dimension__framework__code="searo-country", code="impunity")
    indicator.name = "changed"
    indicator.save()
    ensure_builtin()
    ensure_builtin()
    indicator.refresh_from_db()
    assert indicator.name == "Weak rule of law and impunity for sexual violence"
    assert RiskIndicator.objects.count() == indicators


def test_a_networks_own_framework_is_left_alone() -> None:
    own = RiskFramework.objects.create(code="mali-2026", kind=FrameworkKind.MATRIX, name="Notre matrice")
    ensure_builtin()
    own.refresh_from_db()
    assert own.name == "Notre matrice" and not own.is_builtin


def test_a_name_given_per_language_wins_over_the_catalogue() -> None:
    framework = RiskFramework.objects.get(code="searo-country")
    framework.names = {"fr": "Aperçu des risques d'EAS, niveau pays"}
    with translation.override("fr"):
        assert framework.display_name() == "Aperçu des risques d'EAS, niveau pays"
    with translation.override("en"):
        assert framework.display_name() == "SEA risk overview, country level"
