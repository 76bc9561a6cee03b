"""A small action plan for the plan and activity tests: a draft on the IASC template with one output and two
activities (one led by org A, one led by org B with org A supporting), and a finding of a completed round."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from pseahub.network.models import Area
from pseahub.network.tests.factories import AreaFactory
from pseahub.planning.models import (
    ActionPlan,
    PlanActivity,
    PlanOutput,
    PlanTemplate,
    RiskAssessmentRound,
    RiskFinding,
    RoundStatus,
)
from pseahub.planning.plans import activity_create, output_add, plan_create

START = datetime.date(2026, 1, 1)
END = datetime.date(2026, 12, 31)


@dataclass
class PlanWorld:
    plan: ActionPlan
    output: PlanOutput
    activity_a: PlanActivity  # led by org A
    activity_b: PlanActivity  # led by org B, org A supports
    only_b: PlanActivity  # led by org B alone
    area: Area


def plan_world(personas, title: str = "Plan d'action PEAS 2026") -> PlanWorld:
    template = PlanTemplate.objects.get(code="iasc-2018")
    plan = plan_create(actor=personas.coordinator, title=title, template=template, period_start=START, period_end=END)
    output = output_add(actor=personas.coordinator, outcome=plan.outcomes.get(code="1"), title="Canaux accessibles")
    area = Area.objects.filter(pcode="ML05").first() or AreaFactory(pcode="ML05", name="Mopti", admin_level=1)
    due = datetime.date(2026, 6, 30)
    a = activity_create(
        actor=personas.coordinator, output=output, title="Former les agents", lead=personas.org_a, due_on=due,
        area=area, indicator="Agents formés", baseline="0", target="40",
    )  # fmt: skip
    b = activity_create(
        actor=personas.coordinator, output=output, title="Ligne verte", lead=personas.org_b, due_on=due,
        supporting=[personas.org_a],
    )  # fmt: skip
    only_b = activity_create(
        actor=personas.coordinator, output=output, title="Affiches", lead=personas.org_b, due_on=due
    )
    return PlanWorld(plan, output, a, b, only_b, area)


def finding(status: str = RoundStatus.COMPLETED, area: Area | None = None) -> RiskFinding:
    round_ = RiskAssessmentRound.objects.create(
        title="Évaluation conjointe 2026", period_start=START, period_end=datetime.date(2026, 3, 31), status=status
    )
    return RiskFinding.objects.create(
        round=round_, sector="food_cash", area=area, title="Distributions sans supervision", likelihood=4, impact=5,
        mitigation="Superviser les distributions par des équipes mixtes",
    )  # fmt: skip
