"""Who reads which figures. No role of this app opens a complaint, a referral or a sealed field: the pages show
counts only, computed from clear fields (see README.md)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from pseahub.accounts.models import INSIGHTS_ROLES, Role, User

from .models import Report, ReportKind, ReportState

__all__ = ["INSIGHTS_ROLES", "report_get_for", "sees_insights", "sees_sla", "sees_systemwide"]


def sees_insights(user: User) -> bool:
    """The network's dashboard and reports: coordinators, co-chairs, leadership and analysts."""
    return user.is_authenticated and user.sees_insights


def sees_sla(user: User) -> bool:
    """SLA compliance per organisation names organisations: for the coordinator and the co-chairs only."""
    return user.is_authenticated and (user.has_role(Role.COORDINATOR) or user.has_role(Role.CO_CHAIR))


def sees_systemwide(user: User) -> bool:
    """The system-wide view of an HQ installation (countries' returns, their import): the HQ role only. A country
    network's own roles read their own figures, not other countries'."""
    return user.is_authenticated and user.has_role(Role.HQ)


def report_get_for(user: User, public_id: UUID) -> Report:
    """A report for ``user``: any report for those who read the insights; for donors, only donor reports
    published to them. 404 for everything else, so a donor cannot tell an unpublished report exists."""
    reports = Report.objects.all()
    if not sees_insights(user):
        if not (user.is_authenticated and user.is_donor):
            raise Http404
        reports = reports.filter(kind=ReportKind.DONOR, state=ReportState.DONE, published_at__isnull=False)
    return get_object_or_404(reports, public_id=public_id)
