"""Who may open the risk assessment's pages: signed out → sign in; roles outside the network's work → 403; focal
points and leadership read (results only once a round is completed); only the coordinator and co-chairs create
rounds, move them on, write findings and adapt frameworks; only a member's focal point scores, for its own
organisation."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.planning import risk
from pseahub.planning.models import RiskFramework, RoundStatus

from .risk_helpers import make_round, score

pytestmark = pytest.mark.django_db

OUTSIDERS = ["provider", "operator", "analyst", "donor", "hq", "admin", "no_role"]
READERS = ["focal_point_a", "leadership"]
EDITORS = ["coordinator", "co_chair"]


@pytest.fixture
def world(personas):
    assessment = make_round(personas.coordinator, status=RoundStatus.OPEN)
    finding = risk.finding_save(
        actor=personas.coordinator, assessment=assessment, sector="food_cash", area=None, title="Listes",
        likelihood=4, impact=4,
    )  # fmt: skip
    builtin = RiskFramework.objects.get(code="matrix-shelter")
    own = risk.framework_copy(actor=personas.coordinator, framework=builtin)
    return {"round": assessment, "finding": finding, "builtin": builtin, "own": own}


def _reading(w) -> list[str]:
    return [
        reverse("planning:risk_rounds"),
        reverse("planning:risk_frameworks"),
        reverse("planning:risk_framework", args=[w["builtin"].public_id]),
        reverse("planning:risk_framework", args=[w["own"].public_id]),
        reverse("planning:risk_round", args=[w["round"].public_id]),
    ]


def _editing_pages(w) -> list[str]:
    return [
        reverse("planning:risk_round_new"),
        reverse("planning:risk_finding_new", args=[w["round"].public_id]),
        reverse("planning:risk_finding", args=[w["finding"].public_id]),
    ]


def _editing_posts(w) -> list[str]:
    return [
        reverse("planning:risk_round_status", args=[w["round"].public_id]),
        reverse("planning:risk_framework_copy", args=[w["builtin"].public_id]),
        reverse("planning:risk_framework_edit", args=[w["own"].public_id]),
    ]


def _contributing(w) -> tuple[str, str]:
    return (
        reverse("planning:risk_contribution", args=[w["round"].public_id]),
        reverse("planning:risk_contribution_submit", args=[w["round"].public_id]),
    )


def _exports(w) -> list[str]:
    return [reverse("planning:risk_export", args=[w["round"].public_id, fmt]) for fmt in ("pdf", "xlsx")]


def test_signed_out_visitors_are_sent_to_sign_in(world):
    login = reverse(settings.LOGIN_URL)
    grid, submit = _contributing(world)
    for url in [*_reading(world), *_editing_pages(world), grid]:
        assert Client().get(url)["Location"].startswith(login), url
    for url in [*_editing_posts(world), submit, *_exports(world)]:
        assert Client().post(url)["Location"].startswith(login), url


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_roles_outside_the_networks_work_are_refused(personas, client_for, world, persona):
    client = client_for(getattr(personas, persona))
    grid, submit = _contributing(world)
    for url in [*_reading(world), *_editing_pages(world), grid]:
        assert client.get(url).status_code == 403, url
    for url in [*_editing_posts(world), submit, *_exports(world)]:
        assert client.post(url).status_code == 403, url


@pytest.mark.parametrize("persona", READERS)
def test_readers_read_but_do_not_edit(personas, client_for, world, persona):
    client = client_for(getattr(personas, persona))
    for url in _reading(world):
        assert client.get(url).status_code == 200, url
    for url in _editing_pages(world):
        assert client.get(url).status_code == 403, url
    for url in _editing_posts(world):
        assert client.post(url).status_code == 403, url
    page = client.get(reverse("planning:risk_round", args=[world["round"].public_id])).content.decode()
    assert "Move to:" not in page and 'id="contributors"' not in page
    # The results (and so the exports) are the editors' until the round is completed.
    assert 'id="heatmap-table"' not in page
    for url in _exports(world):
        assert client.post(url, {"lang": "en"}).status_code == 403, url


@pytest.mark.parametrize("persona", EDITORS)
def test_the_coordinator_and_co_chairs_edit_but_do_not_score(personas, client_for, world, persona):
    client = client_for(getattr(personas, persona))
    for url in [*_reading(world), *_editing_pages(world)]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("planning:risk_round", args=[world["round"].public_id])).content.decode()
    assert 'id="contributors"' in page and 'id="heatmap-table"' in page
    grid, submit = _contributing(world)
    assert client.get(grid).status_code == 403
    assert client.post(submit).status_code == 403
    copy = client.post(reverse("planning:risk_framework_copy", args=[world["builtin"].public_id]))
    assert copy.status_code == 302


def test_a_shipped_framework_cannot_be_edited_even_by_the_coordinator(personas, client_for, world):
    client = client_for(personas.coordinator)
    url = reverse("planning:risk_framework_edit", args=[world["builtin"].public_id])
    assert client.post(url, {"op": "dimension", "name": "Mine"}).status_code == 403
    page = client.get(reverse("planning:risk_framework", args=[world["builtin"].public_id])).content.decode()
    assert "Change this framework" not in page and "Copy as the network" in page


def test_a_focal_point_scores_only_for_its_own_organisation_and_never_sees_anothers_scores(personas, client_for, world):
    assessment = world["round"]
    score(personas.focal_point_a, personas.org_a, assessment, "matrix-food-cash", {("lists", "TS01"): (5, 4)})
    grid, _submit = _contributing(world)
    page_b = client_for(personas.focal_point_b).get(f"{grid}?part=matrix-food-cash").content.decode()
    assert "Beta Aid" in page_b and "Alpha Relief" not in page_b
    assert "selected>5<" not in page_b and "selected>4<" not in page_b  # A's 5 x 4 is not in B's grid
    # B's save writes B's contribution only, whatever it posts.
    fields = {"part": "matrix-food-cash", "area": "", f"l-{_lists(assessment)}-{_area(assessment)}": "1",
              f"i-{_lists(assessment)}-{_area(assessment)}": "1", "organisation": str(personas.org_a.pk)}  # fmt: skip
    assert client_for(personas.focal_point_b).post(grid, fields).status_code == 302
    a = assessment.contributions.get(organisation=personas.org_a).scores.get()
    assert (a.likelihood, a.impact) == (5, 4)
    assert assessment.contributions.get(organisation=personas.org_b).scores.get().likelihood == 1


def test_results_are_shown_to_focal_points_once_the_round_is_completed(personas, client_for, world):
    assessment = world["round"]
    score(personas.focal_point_a, personas.org_a, assessment, "matrix-food-cash", {("lists", "TS01"): (5, 4)})
    for step in (RoundStatus.CONSOLIDATING, RoundStatus.COMPLETED):
        risk.round_advance(actor=personas.coordinator, assessment=assessment, to=step)
    client = client_for(personas.focal_point_b)
    page = client.get(reverse("planning:risk_round", args=[assessment.public_id])).content.decode()
    assert 'id="heatmap-table"' in page and 'id="contributors"' not in page
    assert client.post(_exports(world)[1], {"lang": "fr"}).status_code == 200


def _lists(assessment) -> int:
    return next(i.pk for i in risk.part_get(assessment, "matrix-food-cash").indicators if i.code == "lists")


def _area(assessment) -> int:
    return assessment.areas.get(pcode="TS01").pk
