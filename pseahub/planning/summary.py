"""What the network's page (``/network/``) tells each reader needs doing: activities of the plan that are overdue
or at risk (for those who follow the plan: the coordinator, co-chairs and leadership), plans waiting for
leadership's endorsement, and risk assessment rounds open for members' contributions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from pseahub.accounts.models import Role, User

from .access import edits_network, reads_network
from .models import ActionPlan, PlanStatus, RiskAssessmentRound, RoundStatus
from .plans import attention_list

#: Who follows the plan's overdue and at-risk activities (the attention page).
FOLLOWS_PLAN = (Role.COORDINATOR, Role.CO_CHAIR, Role.LEADERSHIP)


@dataclass
class NetworkSummary:
    follows_plan: bool = False
    overdue_activities: int = 0
    at_risk_activities: int = 0
    awaiting_endorsement: list[ActionPlan] = field(default_factory=list)
    open_rounds: list[RiskAssessmentRound] = field(default_factory=list)


def _plans_submitted() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(status=PlanStatus.SUBMITTED).order_by("-period_start", "-version")


def network_summary(user: User) -> NetworkSummary:
    if not reads_network(user):
        return NetworkSummary()
    summary = NetworkSummary(open_rounds=list(RiskAssessmentRound.objects.filter(status=RoundStatus.OPEN)))
    if any(user.has_role(role) for role in FOLLOWS_PLAN):
        attention = attention_list(user)
        summary.follows_plan = True
        summary.overdue_activities = len(attention.overdue)
        summary.at_risk_activities = len(attention.at_risk)
    if user.has_role(Role.LEADERSHIP) or edits_network(user):
        summary.awaiting_endorsement = list(_plans_submitted())
    return summary
