"""The network's page says what needs doing, to whom it concerns: overdue and at-risk activities to those who
follow the plan (not to focal points), a plan awaiting endorsement to leadership and the editors, a risk round
open for contributions to every reader. The co-chair lands there after signing in."""

import datetime

import pytest
from django.urls import reverse

from pseahub.accounts.landing import landing_url
from pseahub.planning.models import PlanActivity, RiskAssessmentRound, RoundStatus
from pseahub.planning.plans import plan_submit
from pseahub.planning.tests.plan_world import plan_world

pytestmark = pytest.mark.django_db

PAGE = "/network/"


def _page(client_for, user) -> str:
    return client_for(user).get(PAGE).content.decode()


def test_a_co_chair_lands_on_the_networks_page(personas):
    assert landing_url(personas.co_chair) == reverse("planning:home") == PAGE


def test_overdue_and_at_risk_activities_are_told_to_those_who_follow_the_plan(personas, client_for):
    world = plan_world(personas)  # three activities due 2026-06-30, before today's demo date
    PlanActivity.objects.filter(pk=world.only_b.pk).update(due_on=datetime.date(2099, 1, 1), status="at_risk")

    for user in (personas.co_chair, personas.coordinator, personas.leadership):
        page = _page(client_for, user)
        assert "2 activities of the action plan are overdue" in page, user
        assert "1 is at risk or delayed" in page and f'href="{reverse("planning:attention")}"' in page
    assert "of the action plan are overdue" not in _page(client_for, personas.focal_point_a)


def test_a_plan_awaiting_endorsement_is_told_to_leadership_and_editors(personas, client_for):
    world = plan_world(personas)
    plan_submit(actor=personas.coordinator, plan=world.plan)
    told = "Plan d&#x27;action PEAS 2026 (version 1) awaits leadership's endorsement"

    assert told in _page(client_for, personas.leadership)
    assert told in _page(client_for, personas.co_chair)
    assert told not in _page(client_for, personas.focal_point_a)


def test_an_open_round_is_told_to_every_reader(personas, client_for):
    RiskAssessmentRound.objects.create(
        title="Évaluation 2027", period_start=datetime.date(2027, 1, 1), period_end=datetime.date(2027, 6, 30),
        status=RoundStatus.OPEN,
    )  # fmt: skip
    RiskAssessmentRound.objects.create(
        title="Évaluation 2025", period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 6, 30),
        status=RoundStatus.COMPLETED,
    )  # fmt: skip

    page = _page(client_for, personas.focal_point_a)
    assert "Évaluation 2027 is open for the members' contributions" in page
    assert "Évaluation 2025 is open" not in page


def test_nothing_to_do_shows_no_notice(personas, client_for):
    assert 'id="network-attention"' not in _page(client_for, personas.co_chair)
