"""Reads of referrals, scoped by the requesting user."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from pseahub.cases.models import Complaint
from pseahub.mapping.models import Service
from pseahub.mapping.selectors import service_list

from .access import referrals_received_by
from .models import OPEN_STATES, Referral


def referral_inbox(*, actor: Any, include_done: bool = False) -> QuerySet[Referral]:
    """The recipient's referrals, the soonest deadline first."""
    qs = referrals_received_by(actor).select_related("complaint", "organisation", "service", "allegation__sea_type")
    if not include_done:
        qs = qs.filter(state__in=OPEN_STATES)
    return qs.order_by(F("due_at").asc(nulls_last=True), "-sent_at")


def referrals_of_complaint(*, complaint: Complaint) -> QuerySet[Referral]:
    """For the coordinator's case page (access to the complaint is checked by the caller)."""
    return complaint.referrals.select_related("organisation", "service", "allegation", "outcome", "sent_by")


def eligible_services(*, complaint: Complaint, everything: bool = False) -> QuerySet[Service]:
    """Services that fit the survivor's area, sex and age; ``everything`` drops the fit (for validating a
    choice the coordinator made knowingly from the full list)."""
    if everything:
        return service_list()
    survivor = complaint.survivors.select_related("age_group").first()
    return service_list(
        area=complaint.area,
        sex=survivor.sex if survivor else None,
        age_group=survivor.age_group if survivor else None,
    )
