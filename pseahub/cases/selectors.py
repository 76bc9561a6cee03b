"""Reads of the case record, always scoped by the requesting user (see access.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from pseahub.core.refdata import ReferenceTable
from pseahub.network.selectors import network_settings_get

from .access import complaints_for_coordinator
from .models import Allegation, Classification, Complaint, Status, Term, Vocabulary
from .services import REFERRAL_OPEN_STATES

OPEN_FOR_REFERRAL = (Status.NEW, Status.TRIAGED)
# Only SEA (and not yet classified) complaints run against the refer-within SLA.
NEEDS_REFERRAL = (Classification.UNCLASSIFIED, Classification.SEA)

SORTS = {
    "received": "received_at",
    "-received": "-received_at",
    "reference": "reference",
    "-reference": "-reference",
    "status": "status",
    "-status": "-status",
}


@dataclass
class TrackerFilters:
    status: str = ""
    organisation: Any = None  # Organisation
    classification: str = ""
    sea_type: Any = None  # Term
    area: Any = None  # Area: includes the areas below it (p-codes nest)
    channel: str = ""
    child: bool | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    overdue: bool = False
    sort: str = "-received"


def _refer_deadline_cutoff() -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=network_settings_get().sla_refer_hours)


def _local_midnight(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def _overdue_referral() -> Exists:
    """An open referral of the complaint whose deadline has passed (referrals live in their own app; the
    reverse relation keeps this module free of an import cycle)."""
    referral_model = Complaint._meta.get_field("referrals").related_model
    return Exists(
        referral_model.objects.filter(  # type: ignore[union-attr]
            complaint=OuterRef("pk"), state__in=REFERRAL_OPEN_STATES, due_at__lt=timezone.now()
        )
    )


def complaint_list(*, actor: Any, filters: TrackerFilters | None = None) -> QuerySet[Complaint]:
    """The incident tracker: complaints the actor may see, filtered and sorted, overdue ones first.

    Overdue: not referred within the SLA after intake, or an open referral past its deadline. The page's
    allegations and their organisations come in prefetch queries whatever the page size.
    """
    filters = filters or TrackerFilters()
    cutoff = _refer_deadline_cutoff()
    late_referral = _overdue_referral()
    qs = complaints_for_coordinator(actor).select_related("area", "reported_organisation")
    qs = qs.annotate(
        is_overdue=Case(
            When(
                status__in=OPEN_FOR_REFERRAL,
                classification__in=NEEDS_REFERRAL,
                received_at__lt=cutoff,
                then=Value(True),
            ),
            When(late_referral, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.classification:
        qs = qs.filter(classification=filters.classification)
    # Allegation filters are "id IN (subquery)", not joins: no duplicate rows, so no DISTINCT over every
    # column (sealed blobs included), and the database can start from the few matching allegations.
    if filters.organisation is not None:
        named = Allegation.objects.filter(organisation=filters.organisation).values("complaint_id")
        qs = qs.filter(Q(pk__in=named) | Q(reported_organisation=filters.organisation))
    if filters.sea_type is not None:
        qs = qs.filter(pk__in=Allegation.objects.filter(sea_type=filters.sea_type).values("complaint_id"))
    if filters.area is not None:
        qs = qs.filter(area__pcode__startswith=filters.area.pcode)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.child is not None:
        qs = qs.filter(involves_child=filters.child)
    # Dates as ranges of instants from local midnight (what received_at__date does, in the current time zone),
    # so the received_at index serves them instead of a date conversion of every row.
    if filters.received_from:
        qs = qs.filter(received_at__gte=_local_midnight(filters.received_from))
    if filters.received_to:
        qs = qs.filter(received_at__lt=_local_midnight(filters.received_to + dt.timedelta(days=1)))
    if filters.overdue:
        qs = qs.filter(is_overdue=True)
    order = SORTS.get(filters.sort, "-received_at")
    return qs.order_by("-is_overdue", order, "-pk").prefetch_related(
        Prefetch("allegations", queryset=Allegation.objects.select_related("organisation", "sea_type"))
    )


def inbox_list(*, actor: Any) -> QuerySet[Complaint]:
    """New complaints waiting for triage, urgent and child cases first (allegations prefetched, as in the
    tracker: the inbox shows the same rows)."""
    return (
        complaints_for_coordinator(actor)
        .filter(status=Status.NEW)
        .select_related("area", "reported_organisation")
        .order_by("-is_urgent", "-involves_child", "received_at")
        .prefetch_related(
            Prefetch("allegations", queryset=Allegation.objects.select_related("organisation", "sea_type"))
        )
    )


def term_choices(vocabulary: Vocabulary | str) -> QuerySet[Term]:
    return Term.objects.filter(vocabulary=vocabulary, is_active=True)


ACTIVE_TERMS: ReferenceTable[Term] = ReferenceTable(lambda: Term.objects.filter(is_active=True), models=[Term])


def terms_active(vocabulary: Vocabulary | str) -> list[Term]:
    """A vocabulary's active terms in order, from the per-process reference table (no query most times)."""
    return [term for term in ACTIVE_TERMS.rows() if term.vocabulary == vocabulary]
