"""The demo's action plan: endorsed, activities at every status (some overdue), updates, activities from the
latest completed round's findings and from a mapping gap; loading twice changes nothing."""

from __future__ import annotations

import pytest

from pseahub.mapping.tests.gap_world import mali
from pseahub.network.tests.factories import OrganisationFactory
from pseahub.planning.demo import PLAN_TITLE, demo_plan_load
from pseahub.planning.models import ActionPlan, ActivityUpdate, PlanActivity, PlanStatus, RoundStatus
from pseahub.planning.plans import attention_list

from .plan_world import finding

pytestmark = pytest.mark.django_db

ACRONYMS = ["UNICEF", "WFP", "UNHCR", "UNFPA", "WHO", "OCHA", "NRC", "SCI", "IRC", "MdM", "AJM", "CRM"]


def test_the_demo_plan(personas):
    for acronym in ACRONYMS:
        OrganisationFactory(name=f"Org {acronym}", acronym=acronym)
    OrganisationFactory(name="Association Malienne pour la Survie au Sahel", acronym="AMSS")
    mali()
    finding(status=RoundStatus.COMPLETED)
    assert demo_plan_load() == 1 and demo_plan_load() == 0
    plan = ActionPlan.objects.get(title=PLAN_TITLE)
    assert plan.status == PlanStatus.ENDORSED and plan.endorsed_by == personas.leadership
    activities = PlanActivity.objects.filter(output__outcome__plan=plan)
    assert activities.count() == 13
    assert {"completed", "on_track", "at_risk", "delayed", "cancelled", "not_started"} <= set(
        activities.values_list("status", flat=True)
    )
    assert activities.filter(finding__isnull=False).count() == 1
    assert activities.exclude(gap_key="").count() == 1
    assert activities.filter(lead__acronym="AMSS").exists()
    assert ActivityUpdate.objects.filter(activity__in=activities).count() >= 10
    assert len(attention_list(personas.coordinator).overdue) >= 2
