"""The network adapts a framework without a release: it copies a shipped one and changes its name, classes,
scales, dimensions and indicators on pages; shipped ones stay as shipped; a scored indicator is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pseahub.planning import risk
from pseahub.planning.frameworks import ensure_builtin
from pseahub.planning.models import RiskFramework, RiskIndicator, RoundStatus

from .risk_helpers import make_round, score

pytestmark = pytest.mark.django_db


def _copy(client, code: str) -> RiskFramework:
    builtin = RiskFramework.objects.get(code=code)
    response = client.post(reverse("planning:risk_framework_copy", args=[builtin.public_id]))
    copy = RiskFramework.objects.get(is_builtin=False, code__startswith=code)
    assert response["Location"] == reverse("planning:risk_framework", args=[copy.public_id])
    return copy


def test_a_copy_has_the_same_structure_and_is_the_networks_own(personas, client_for):
    client = client_for(personas.coordinator)
    copy = _copy(client, "searo-country")
    builtin = RiskFramework.objects.get(code="searo-country")
    assert copy.code == "searo-country-own" and not copy.is_builtin and copy.classes == builtin.classes
    assert RiskIndicator.objects.filter(dimension__framework=copy).count() == 18
    # Copying again while the copy keeps its name opens that copy; once renamed, another copy is made.
    again = client.post(reverse("planning:risk_framework_copy", args=[builtin.public_id]))
    assert again["Location"] == reverse("planning:risk_framework", args=[copy.public_id])
    assert RiskFramework.objects.filter(is_builtin=False).count() == 1
    copy.name = "Indice pays (Mali)"
    copy.save()
    second = client.post(reverse("planning:risk_framework_copy", args=[builtin.public_id]))
    assert second.status_code == 302 and RiskFramework.objects.filter(code="searo-country-own-2").exists()
    page = client.get(reverse("planning:risk_framework", args=[copy.public_id])).content.decode()
    assert "Change this framework" in page and "The network (its own copy)" in page


def test_editors_change_the_name_classes_and_scales(personas, client_for):
    client = client_for(personas.co_chair)
    copy = _copy(client, "matrix-wash")
    url = reverse("planning:risk_framework_edit", args=[copy.public_id])
    response = client.post(url, {"op": "framework", "name": "EHA (Mali)", "description": "Adapté",
                                 "classes": "12; high; Élevé\n6; medium; Moyen\n1; low; Faible", "is_active": "on",
                                 "likelihood": "Rare; Peu probable; Possible; Probable; Quasi certain",
                                 "impact": ""})  # fmt: skip
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.name == "EHA (Mali)" and copy.classes[0] == {"min": 12, "code": "high", "name": "Élevé"}
    assert copy.scales["likelihood"][4] == "Quasi certain" and copy.scales["impact"][0] == "Minor"
    bad = client.post(url, {"op": "framework", "name": "x", "classes": "high 12", "likelihood": "a; b"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "lowest score; code; name" in text and "Give five labels." in text


def test_dimensions_and_indicators_are_added_renamed_and_unused_ones_removed(personas, client_for):
    client = client_for(personas.coordinator)
    copy = _copy(client, "searo-country")
    url = reverse("planning:risk_framework_edit", args=[copy.public_id])
    assert client.post(url, {"op": "dimension", "name": "Contexte local"}).status_code == 302
    dimension = copy.dimensions.get(name="Contexte local")
    response = client.post(url, {"op": "indicator", "dimension": dimension.pk, "name": "Marchés hebdomadaires",
                                 "guidance": "Foires et marchés", "scale_min": 0, "scale_max": 3})  # fmt: skip
    assert response.status_code == 302
    added = dimension.indicators.get()
    assert (added.scale_min, added.scale_max, added.guidance) == (0, 3, "Foires et marchés")
    client.post(url, {"op": "indicator", "dimension": dimension.pk, "indicator": added.pk, "name": "Marchés",
                      "scale_min": 0, "scale_max": 3})  # fmt: skip
    added.refresh_from_db()
    assert added.name == "Marchés"
    bad = client.post(url, {"op": "indicator", "dimension": dimension.pk, "name": "X", "scale_min": 3, "scale_max": 1})
    assert bad.status_code == 400 and "highest score must be above" in bad.content.decode()
    assert client.post(url, {"op": "remove", "indicator": added.pk}).status_code == 302
    assert not dimension.indicators.exists()
    # Another framework's indicator is not found through this one.
    other = RiskIndicator.objects.filter(dimension__framework__code="matrix-health").first()
    assert client.post(url, {"op": "remove", "indicator": other.pk}).status_code == 404


def test_a_scored_indicator_is_kept_and_ensure_builtin_leaves_the_copy_alone(personas, client_for):
    client = client_for(personas.coordinator)
    copy = _copy(client, "matrix-food-cash")
    copy.name = "Distributions (Mali)"
    copy.save()
    assessment = risk.round_create(
        actor=personas.coordinator, title="R", period_start=make_round(personas.coordinator).period_start,
        period_end=make_round(personas.coordinator, title="R2").period_end,
        areas=list(make_round(personas.coordinator, title="R3").areas.all()), sectors=["food_cash"],
        frameworks=[copy],
    )  # fmt: skip
    risk.round_advance(actor=personas.coordinator, assessment=assessment, to=RoundStatus.OPEN)
    score(personas.focal_point_a, personas.org_a, assessment, copy.code, {("lists", "TS01"): (3, 3)})
    lists = RiskIndicator.objects.get(dimension__framework=copy, code="lists")
    url = reverse("planning:risk_framework_edit", args=[copy.public_id])
    response = client.post(url, {"op": "remove", "indicator": lists.pk}, follow=True)
    assert "cannot be removed" in response.content.decode() and RiskIndicator.objects.filter(pk=lists.pk).exists()
    ensure_builtin()
    copy.refresh_from_db()
    assert copy.name == "Distributions (Mali)" and not copy.is_builtin
