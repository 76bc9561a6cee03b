"""A round from start to end: created by an editor, opened, scored by two members' focal points through the grid,
consolidated (numbers by hand), findings written (prefilled from the highest cell), completed, compared with the
previous round."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pseahub.audit.models import AuditEvent
from pseahub.network.models import Area
from pseahub.planning import risk
from pseahub.planning.models import RiskAssessmentRound, RiskFramework, RiskScore, RoundStatus

from .risk_helpers import areas, make_round, score

pytestmark = pytest.mark.django_db


def test_an_editor_creates_a_round_with_its_scope(personas, client_for):
    chosen = areas()
    frameworks = RiskFramework.objects.filter(code__in=["matrix-food-cash", "searo-country"])
    response = client_for(personas.co_chair).post(
        reverse("planning:risk_round_new"),
        {"title": "Évaluation 2026", "period_start": "2026-01-01", "period_end": "2026-06-30",
         "areas": [a.pk for a in chosen], "sectors": ["food_cash"], "frameworks": [f.pk for f in frameworks]},
    )  # fmt: skip
    assessment = RiskAssessmentRound.objects.get(title="Évaluation 2026")
    assert response.status_code == 302 and response["Location"].endswith(f"/network/risk/{assessment.public_id}/")
    assert assessment.status == RoundStatus.DRAFT and assessment.sectors == ["food_cash"]
    assert {a.pcode for a in assessment.areas.all()} == {"TS01", "TS02"}
    assert AuditEvent.objects.filter(action="risk_round_created").count() == 1


def test_a_sector_without_its_matrix_and_a_reversed_period_are_refused_with_a_form_error(personas, client_for):
    chosen = areas()
    response = client_for(personas.coordinator).post(
        reverse("planning:risk_round_new"),
        {"title": "Bad", "period_start": "2026-06-30", "period_end": "2026-01-01", "areas": [chosen[0].pk],
         "sectors": ["shelter"], "frameworks": [RiskFramework.objects.get(code="matrix-food-cash").pk]},
    )  # fmt: skip
    assert response.status_code == 400
    assert "The period ends after it starts." in response.content.decode()
    response = client_for(personas.coordinator).post(
        reverse("planning:risk_round_new"),
        {"title": "Bad", "period_start": "2026-01-01", "period_end": "2026-06-30", "areas": [chosen[0].pk],
         "sectors": ["shelter"], "frameworks": [RiskFramework.objects.get(code="matrix-food-cash").pk]},
    )  # fmt: skip
    assert response.status_code == 400 and not RiskAssessmentRound.objects.exists()
    assert "Choose one likelihood" in response.content.decode()


def test_the_status_moves_one_step_at_a_time_and_a_repeated_post_changes_nothing(personas, client_for):
    assessment = make_round(personas.coordinator)
    client = client_for(personas.coordinator)
    url = reverse("planning:risk_round_status", args=[assessment.public_id])
    client.post(url, {"to": "completed"})
    assessment.refresh_from_db()
    assert assessment.status == RoundStatus.DRAFT
    client.post(url, {"to": "open"})
    client.post(url, {"to": "open"})
    assessment.refresh_from_db()
    assert assessment.status == RoundStatus.OPEN
    assert AuditEvent.objects.filter(action="risk_round_status").count() == 1


def test_a_focal_point_scores_through_the_grid_saves_and_submits(personas, client_for):
    assessment = make_round(personas.coordinator, status=RoundStatus.OPEN)
    client = client_for(personas.focal_point_a)
    url = reverse("planning:risk_contribution", args=[assessment.public_id])
    page = client.get(f"{url}?part=matrix-shelter")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Shelter or plots allocated at one person" in text and "Alpha Region" in text and "Beta Region" in text
    part = risk.part_get(assessment, "matrix-shelter")
    allocation = next(i for i in part.indicators if i.code == "allocation")
    area = Area.objects.get(pcode="TS02")
    prefix = f"{allocation.pk}-{area.pk}"
    # Only a likelihood: an error on that line, nothing saved.
    response = client.post(url, {"part": "matrix-shelter", f"l-{prefix}": "4"})
    assert response.status_code == 400 and "Give both the likelihood and the impact" in response.content.decode()
    assert not RiskScore.objects.exists()
    response = client.post(url, {"part": "matrix-shelter", f"l-{prefix}": "4", f"i-{prefix}": "5"})
    assert response.status_code == 302
    saved = RiskScore.objects.get()
    assert (saved.likelihood, saved.impact, saved.sector, saved.area) == (4, 5, "shelter", area)
    assert "selected>4<" in client.get(f"{url}?part=matrix-shelter").content.decode()
    # Cleared again by posting it blank.
    client.post(url, {"part": "matrix-shelter", f"l-{prefix}": "", f"i-{prefix}": ""})
    assert not RiskScore.objects.exists()
    client.post(url, {"part": "matrix-shelter", f"l-{prefix}": "4", f"i-{prefix}": "5"})
    submit = client.post(reverse("planning:risk_contribution_submit", args=[assessment.public_id]))
    assert submit.status_code == 302
    contribution = assessment.contributions.get()
    assert contribution.organisation == personas.org_a and contribution.submitted_by == personas.focal_point_a


def test_an_index_is_scored_one_area_at_a_time(personas, client_for):
    assessment = make_round(personas.coordinator, status=RoundStatus.OPEN, index=True)
    client = client_for(personas.focal_point_a)
    url = reverse("planning:risk_contribution", args=[assessment.public_id])
    page = client.get(f"{url}?part=searo-country").content.decode()
    assert page.count('type="number"') == 18  # 18 indicators in the first area only
    part = risk.part_get(assessment, "searo-country")
    area = Area.objects.get(pcode="TS01")
    first = part.indicators[0]
    response = client.post(url, {"part": "searo-country", "area": "TS01", f"v-{first.pk}-{area.pk}": "9"})
    assert response.status_code == 400 and "a score on the indicator" in response.content.decode()
    client.post(url, {"part": "searo-country", "area": "TS01", f"v-{first.pk}-{area.pk}": "4"})
    assert RiskScore.objects.get().value == 4


def test_nothing_is_scored_outside_an_open_round(personas, client_for):
    assessment = make_round(personas.coordinator)
    with pytest.raises(ValidationError):
        score(personas.focal_point_a, personas.org_a, assessment, "matrix-food-cash", {("lists", "TS01"): (3, 3)})
    page = client_for(personas.focal_point_a).get(reverse("planning:risk_contribution", args=[assessment.public_id]))
    assert "not open for contributions" in page.content.decode()


def test_consolidation_by_hand_and_only_submitted_contributions_count(personas, client_for):
    assessment = make_round(personas.coordinator, status=RoundStatus.OPEN)
    # Food/cash in TS01: lists (5,4) and (3,2) → 4 x 3 = 12; unsupervised (2,2) and (2,4) → 2 x 3 = 6 → cell 12.
    score(personas.focal_point_a, personas.org_a, assessment, "matrix-food-cash",
          {("lists", "TS01"): (5, 4), ("unsupervised", "TS01"): (2, 2)})  # fmt: skip
    score(personas.focal_point_b, personas.org_b, assessment, "matrix-food-cash",
          {("lists", "TS01"): (3, 2), ("unsupervised", "TS01"): (2, 4), ("late_hours", "TS02"): (5, 5)})  # fmt: skip
    # A third member's unsubmitted scores are not counted.
    from pseahub.accounts.models import Role
    from pseahub.accounts.services import role_grant
    from pseahub.network.tests.factories import OrganisationFactory

    org_c = OrganisationFactory(name="Gamma")
    role_grant(actor=None, user=personas.focal_point_a, role=Role.FOCAL_POINT, organisation=org_c)
    risk.contribution_save(
        actor=personas.focal_point_a, assessment=assessment, organisation=org_c,
        part=risk.part_get(assessment, "matrix-food-cash"),
        entries=[risk.Entry(indicator=risk.part_get(assessment, "matrix-food-cash").indicators[0],
                            area=Area.objects.get(pcode="TS01"), likelihood=1, impact=1)],
    )  # fmt: skip
    results = risk.consolidate(assessment)
    ts01, ts02 = Area.objects.get(pcode="TS01"), Area.objects.get(pcode="TS02")
    cell = results.cells[("food_cash", ts01.pk)]
    assert cell.score == 12 and cell.class_code == "medium" and cell.result.contributions == 2
    assert "beneficiary lists" in cell.factor_name
    assert results.cells[("food_cash", ts02.pk)].score == 25
    assert results.cells[("food_cash", ts02.pk)].class_code == "high"
    assert results.cells[("shelter", ts01.pk)].score is None
    assert results.submitted == 2
    assert [c.score for c in results.ranked()] == [25, 12]
    page = client_for(personas.coordinator).get(reverse("planning:risk_round", args=[assessment.public_id]))
    text = page.content.decode()
    assert "25.0 — High" in text and "12.0 — Medium" in text and "<title" in text and "<desc" in text
    assert "Gamma" in text and "Started, not submitted" in text


def test_findings_prefilled_from_a_cell_then_the_round_completes_and_keeps_them(personas, client_for):
    assessment = make_round(personas.coordinator, status=RoundStatus.OPEN)
    score(personas.focal_point_a, personas.org_a, assessment, "matrix-food-cash", {("lists", "TS02"): (4, 5)})
    risk.round_advance(actor=personas.coordinator, assessment=assessment, to=RoundStatus.CONSOLIDATING)
    client = client_for(personas.coordinator)
    new = reverse("planning:risk_finding_new", args=[assessment.public_id])
    form = client.get(f"{new}?sector=food_cash&area=TS02").content.decode()
    assert 'value="4" selected' in form and 'value="5" selected' in form and "beneficiary lists" in form
    area = Area.objects.get(pcode="TS02")
    fields = {"sector": "food_cash", "area": area.pk, "title": "Listes contrôlées", "likelihood": 4, "impact": 5,
              "mitigation": "Vérification croisée des listes"}  # fmt: skip
    response = client.post(new, fields)
    assert response.status_code == 302
    finding = assessment.findings.get()
    bad = client.post(reverse("planning:risk_finding", args=[finding.public_id]),
                      {"sector": "camps", "title": "x", "likelihood": 9, "impact": 1})  # fmt: skip
    assert bad.status_code == 400
    client.post(reverse("planning:risk_round_status", args=[assessment.public_id]), {"to": "completed"})
    with pytest.raises(ValidationError):
        risk.finding_save(
            actor=personas.coordinator, assessment=RiskAssessmentRound.objects.get(pk=assessment.pk),
            finding=finding, sector="food_cash", area=None, title="Changed", likelihood=1, impact=1,
        )  # fmt: skip
    page = client_for(personas.leadership).get(reverse("planning:risk_round", args=[assessment.public_id]))
    assert "Listes contrôlées" in page.content.decode() and "Vérification croisée" in page.content.decode()


def test_comparison_with_the_previous_round(personas, client_for):
    before = make_round(personas.coordinator, title="Round 2025", status=RoundStatus.OPEN)
    score(personas.focal_point_a, personas.org_a, before, "matrix-food-cash",
          {("lists", "TS01"): (3, 3), ("lists", "TS02"): (4, 4)})  # fmt: skip
    score(personas.focal_point_a, personas.org_a, before, "matrix-shelter", {("allocation", "TS01"): (2, 2)})
    for step in (RoundStatus.CONSOLIDATING, RoundStatus.COMPLETED):
        before = risk.round_advance(actor=personas.coordinator, assessment=before, to=step)
    now = make_round(personas.coordinator, title="Round 2026", status=RoundStatus.OPEN, previous=before)
    score(personas.focal_point_a, personas.org_a, now, "matrix-food-cash",
          {("lists", "TS01"): (4, 4), ("lists", "TS02"): (2, 2)})  # fmt: skip
    score(personas.focal_point_a, personas.org_a, now, "matrix-shelter",
          {("allocation", "TS01"): (2, 2), ("allocation", "TS02"): (1, 3)})  # fmt: skip
    rows = {(row.sector, row.area_name): row for row in risk.compare(now)}
    assert (rows[("food_cash", "Alpha Region")].previous, rows[("food_cash", "Alpha Region")].current) == (9, 16)
    assert rows[("food_cash", "Alpha Region")].change == "up"
    assert rows[("food_cash", "Beta Region")].change == "down"
    assert rows[("shelter", "Alpha Region")].change == "same"
    assert rows[("shelter", "Beta Region")].change == "new"
    page = client_for(personas.coordinator).get(reverse("planning:risk_round", args=[now.public_id])).content.decode()
    assert 'id="comparison"' in page and "↑ Higher" in page and "↓ Lower" in page and "= Same" in page
