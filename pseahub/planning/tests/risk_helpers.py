"""Helpers of the risk assessment's tests: a small round (two areas, food/cash and shelter, the shipped matrices and
country index) and scores written through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from pseahub.network.models import Area
from pseahub.planning import risk
from pseahub.planning.models import RiskAssessmentRound, RiskFramework, RoundStatus


def areas() -> list[Area]:
    return [
        Area.objects.get_or_create(pcode="TS01", defaults={"name": "Alpha Region", "admin_level": 1})[0],
        Area.objects.get_or_create(pcode="TS02", defaults={"name": "Beta Region", "admin_level": 1})[0],
    ]


def make_round(coordinator: Any, *, title: str = "Round 2026", status: str = RoundStatus.DRAFT,
               previous: RiskAssessmentRound | None = None, index: bool = False) -> RiskAssessmentRound:  # fmt: skip
    codes = ["matrix-food-cash", "matrix-shelter", *(["searo-country"] if index else [])]
    assessment = risk.round_create(
        actor=coordinator, title=title, period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
        areas=areas(), sectors=["food_cash", "shelter"], frameworks=list(RiskFramework.objects.filter(code__in=codes)),
        previous=previous,
    )  # fmt: skip
    for step in (RoundStatus.OPEN, RoundStatus.CONSOLIDATING, RoundStatus.COMPLETED):
        if assessment.status == status:
            break
        assessment = risk.round_advance(actor=coordinator, assessment=assessment, to=step)
    return assessment


def score(user: Any, organisation: Any, assessment: RiskAssessmentRound, framework_code: str,
          cells: dict[tuple[str, str], tuple[int, int]], *, submit: bool = True) -> None:  # fmt: skip
    """``cells``: {(indicator code, area pcode): (likelihood, impact)} of one matrix."""
    part = risk.part_get(assessment, framework_code)
    indicators = {i.code: i for i in part.indicators}
    by_code = {a.pcode: a for a in assessment.areas.all()}
    entries = [
        risk.Entry(indicator=indicators[code], area=by_code[pcode], likelihood=likelihood, impact=impact)
        for (code, pcode), (likelihood, impact) in cells.items()
    ]
    risk.contribution_save(actor=user, assessment=assessment, organisation=organisation, part=part, entries=entries)
    if submit:
        risk.contribution_submit(actor=user, assessment=assessment, organisation=organisation)
