"""Who reads which figures. No role of this app opens a complaint, a referral or a sealed field: the pages show
counts only, computed from clear fields (see README.md)."""

from __future__ import annotations

from pseahub.accounts.models import INSIGHTS_ROLES, Role, User

__all__ = ["INSIGHTS_ROLES", "sees_insights", "sees_sla"]


def sees_insights(user: User) -> bool:
    """The network's dashboard and reports: coordinators, co-chairs, leadership and analysts."""
    return user.is_authenticated and user.sees_insights


def sees_sla(user: User) -> bool:
    """SLA compliance per organisation names organisations: for the coordinator and the co-chairs only."""
    return user.is_authenticated and (user.has_role(Role.COORDINATOR) or user.has_role(Role.CO_CHAIR))
