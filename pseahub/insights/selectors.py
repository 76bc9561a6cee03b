"""Reads of the insights app's reports (the figures themselves are ``counting`` and ``hq``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from pseahub.accounts.models import User

from .access import sees_insights
from .models import Report, ReportFile, ReportKind, ReportState

RECENT = 50


def _files() -> Any:
    return Prefetch("files", queryset=ReportFile.objects.defer("content"))


def report_list(*, actor: User) -> QuerySet[Report]:
    """The latest reports of the network, for those who read the insights (none for anyone else)."""
    if not sees_insights(actor):
        return Report.objects.none()
    return Report.objects.select_related("requested_by").prefetch_related(_files())[:RECENT]


def donor_report_list() -> QuerySet[Report]:
    """The donor reports published to donors, the latest first."""
    return (
        Report.objects.filter(kind=ReportKind.DONOR, state=ReportState.DONE, published_at__isnull=False)
        .prefetch_related(_files())
        .order_by("-published_at")
    )
