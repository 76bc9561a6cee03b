"""Reads of the case record, always scoped by the requesting user (see access.py)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from pseahub.accounts.models import Role, User
from pseahub.audit.selectors import audit_last_change_seq
from pseahub.core.refdata import ReferenceTable
from pseahub.network.selectors import network_settings_get
from pseahub.vault.models import GrantKind, KeyGrant

from .access import complaints_for_coordinator
from .models import (
    REFERRAL_OPEN_STATES,
    Allegation,
    Classification,
    Complaint,
    Consent,
    ConsentPurpose,
    Perpetrator,
    Status,
    Survivor,
    Term,
    Vocabulary,
)

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
    # The standard record's fields (issue 12): perpetrators, survivors, referrals' investigation, imports.
    entity_type: str = ""  # an EntityType value
    personnel_category: Any = None  # Term
    victim_type: str = ""  # a VictimType value
    urgent: bool | None = None
    investigating_entity: str = ""  # an InvestigatingEntity value (referrals)
    outcome: Any = None  # Term
    action_taken: str = ""  # an ActionTaken value (referrals)
    imported: bool | None = None


def _refer_deadline_cutoff() -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=network_settings_get().sla_refer_hours)


def _local_midnight(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def _overdue_q(*, from_referrals: bool = False) -> Q:
    """Overdue: an SEA (or unclassified) complaint not referred within the SLA after intake, or one with an
    open referral past its deadline.

    Two forms of the same condition, for two plans. By default the referral side is checked row by row (an
    EXISTS on the complaint's referrals), which suits walking complaints in page order. ``from_referrals``
    starts from the open referrals past their deadline instead (an index on state and deadline), which suits
    finding every overdue complaint at once, e.g. to count them.
    """
    # Referrals live in their own app; the reverse relation keeps this module free of an import cycle.
    referral_model: Any = Complaint._meta.get_field("referrals").related_model
    now = timezone.now()
    not_referred = Q(
        status__in=OPEN_FOR_REFERRAL, classification__in=NEEDS_REFERRAL, received_at__lt=_refer_deadline_cutoff()
    )
    if from_referrals:
        late = referral_model.objects.filter(state__in=REFERRAL_OPEN_STATES, due_at__lt=now).values("complaint_id")
        return not_referred | Q(pk__in=late)
    late_here = referral_model.objects.filter(complaint=OuterRef("pk"), state__in=REFERRAL_OPEN_STATES, due_at__lt=now)
    return not_referred | Q(Exists(late_here))


def _visible(*, actor: Any, filters: TrackerFilters) -> QuerySet[Complaint]:
    """The complaints ``actor`` may see in the tracker, with the filters applied; not ordered."""
    qs = complaints_for_coordinator(actor)
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
    if filters.urgent is not None:
        qs = qs.filter(is_urgent=filters.urgent)
    if filters.imported is not None:
        qs = qs.filter(is_imported=filters.imported)
    # Perpetrator, survivor and referral filters are "id IN (subquery)" too, for the same reasons.
    if filters.entity_type:
        qs = qs.filter(pk__in=Perpetrator.objects.filter(entity_type=filters.entity_type).values("complaint_id"))
    if filters.personnel_category is not None:
        # Intake records it on each perpetrator, triage on each allegation: either counts.
        on_perpetrator = Perpetrator.objects.filter(personnel_category=filters.personnel_category)
        on_allegation = Allegation.objects.filter(personnel_category=filters.personnel_category)
        qs = qs.filter(Q(pk__in=on_perpetrator.values("complaint_id")) | Q(pk__in=on_allegation.values("complaint_id")))
    if filters.victim_type:
        qs = qs.filter(pk__in=Survivor.objects.filter(victim_type=filters.victim_type).values("complaint_id"))
    referral_filters = {
        name: value
        for name, value in (
            ("investigating_entity", filters.investigating_entity),
            ("outcome", filters.outcome),
            ("action_taken", filters.action_taken),
        )
        if value
    }
    if referral_filters:
        referral_model: Any = Complaint._meta.get_field("referrals").related_model
        qs = qs.filter(pk__in=referral_model.objects.filter(**referral_filters).values("complaint_id"))
    # Dates as ranges of instants from local midnight (what received_at__date does, in the current time zone),
    # so the received_at index serves them instead of a date conversion of every row.
    if filters.received_from:
        qs = qs.filter(received_at__gte=_local_midnight(filters.received_from))
    if filters.received_to:
        qs = qs.filter(received_at__lt=_local_midnight(filters.received_to + dt.timedelta(days=1)))
    return qs


def _with_overdue_flag(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return qs.annotate(
        is_overdue=Case(When(_overdue_q(), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def _page_related(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """What a tracker row shows besides the complaint: its area, organisation and allegations."""
    return qs.select_related("area", "reported_organisation").prefetch_related(
        Prefetch("allegations", queryset=Allegation.objects.select_related("organisation", "sea_type"))
    )


COUNT_CACHE_SECONDS = 60


def _direction(sort: str) -> tuple[str, bool]:
    """(column, descending) of a tracker sort."""
    column = SORTS.get(sort, "-received_at")
    return column.lstrip("-"), column.startswith("-")


def _ordering(sort: str, *, reverse: bool = False) -> tuple[str, str]:
    """The order of a sort: its column, then the key in the same direction (ties broken so that an index on
    the column, which ends with the key, serves it)."""
    column, descending = _direction(sort)
    if descending != reverse:
        return f"-{column}", "-pk"
    return column, "pk"


def complaint_list(*, actor: Any, filters: TrackerFilters | None = None) -> QuerySet[Complaint]:
    """The incident tracker as one queryset (the export): complaints the actor may see, filtered and sorted,
    overdue ones first; the allegations and their organisations come in prefetch queries."""
    filters = filters or TrackerFilters()
    qs = _visible(actor=actor, filters=filters)
    if filters.overdue:
        qs = qs.filter(_overdue_q())
    return _page_related(_with_overdue_flag(qs).order_by("-is_overdue", *_ordering(filters.sort)))


@dataclass(frozen=True)
class Cursor:
    """Where a tracker page starts or ends: the row's part of the list (overdue or not), its value in the sort
    column and its key. Travels in the query string as an opaque token that names no one."""

    overdue: bool
    value: Any
    pk: int

    def encode(self) -> str:
        value = self.value.isoformat() if isinstance(self.value, dt.datetime) else str(self.value)
        raw = json.dumps([int(self.overdue), self.pk, value], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str | None, *, column: str) -> Cursor | None:
        """The cursor in ``token``, or None when it is missing or not one of ours (the first page then)."""
        if not token or len(token) > 200:
            return None
        try:
            overdue, pk, text = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            value: Any = str(text)
            if column == "received_at":
                value = dt.datetime.fromisoformat(value)
                if timezone.is_naive(value):
                    return None
            return cls(overdue=bool(overdue), value=value, pk=int(pk))
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            return None


@dataclass
class TrackerPage:
    rows: list[Complaint]
    total: int
    has_previous: bool
    has_next: bool

    @property
    def previous_cursor(self) -> str:
        return self.rows[0].tracker_cursor.encode() if self.rows else ""  # type: ignore[attr-defined]

    @property
    def next_cursor(self) -> str:
        return self.rows[-1].tracker_cursor.encode() if self.rows else ""  # type: ignore[attr-defined]


def _cached_count(*, actor: Any, filters: TrackerFilters, what: str, qs: QuerySet[Complaint]) -> int:
    """``qs.count()`` for the tracker, which needs a pass over every visible complaint: cached for
    ``COUNT_CACHE_SECONDS``, and recomputed as soon as anything changes (every change to the case record is
    audited; readings, which are audited too, leave the counts alone)."""
    parts = [f"{name}={getattr(value, 'pk', value)}" for name, value in vars(filters).items() if name != "sort"]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    key = f"tracker-count:{actor.pk}:{audit_last_change_seq()}:{what}:{digest}"
    count = cache.get(key)
    if count is None:
        count = qs.count()
        cache.set(key, count, COUNT_CACHE_SECONDS)
    return int(count)


def tracker_page(
    *,
    actor: Any,
    filters: TrackerFilters | None = None,
    size: int = 50,
    after: str | None = None,
    before: str | None = None,
    last: bool = False,
) -> TrackerPage:
    """One page of the tracker, in the order of ``complaint_list`` (overdue first), addressed by the row it
    follows (``after``) or precedes (``before``), or the first or ``last`` page.

    Pages are found by their neighbouring row rather than by an offset, so any page costs about what the first
    does: the overdue complaints and the others are each read in order along an index, starting at the
    cursor, and a page that spans both takes the rest from the other part. When no visible complaint is
    overdue (a cached count, as the total is), the list is read as one part: a complaint that turns overdue
    meanwhile is still listed, with its badge, and moves to the top within ``COUNT_CACHE_SECONDS``.
    """
    filters = filters or TrackerFilters()
    column, _descending = _direction(filters.sort)
    visible = _visible(actor=actor, filters=filters)
    overdue_q = _overdue_q()
    overdue_total = _cached_count(
        actor=actor, filters=filters, what="overdue", qs=visible.filter(_overdue_q(from_referrals=True))
    )
    if filters.overdue:
        parts = {True: visible.filter(overdue_q), False: Complaint.objects.none()}
        total = overdue_total
    else:
        total = _cached_count(actor=actor, filters=filters, what="all", qs=visible)
        if overdue_total:
            parts = {True: visible.filter(overdue_q), False: visible.exclude(overdue_q)}
        else:
            parts = {True: Complaint.objects.none(), False: visible}
    start = Cursor.decode(before or after, column=column)
    backwards = last or (before is not None and start is not None)

    def take(overdue: bool, cursor: Cursor | None, limit: int) -> list[tuple[bool, int, Any]]:
        if limit <= 0:
            return []
        qs = parts[overdue]
        order = _ordering(filters.sort, reverse=backwards)
        if cursor is not None:
            # (column, key) beyond the cursor's, written so that the first condition alone is a range on the
            # column's index: "column <= v AND (column < v OR key < k)" for a descending order.
            beyond = "lt" if order[0].startswith("-") else "gt"
            qs = qs.filter(
                Q(**{f"{column}__{beyond}e": cursor.value}),
                Q(**{f"{column}__{beyond}": cursor.value}) | Q(**{f"pk__{beyond}": cursor.pk}),
            )
        return [(overdue, pk, value) for pk, value in qs.order_by(*order).values_list("pk", column)[:limit]]

    want = size + 1  # one more than a page tells whether another page follows
    # Forwards the overdue part comes first; backwards (from the end) the other part does.
    first, second = (False, True) if backwards else (True, False)
    if start is not None and not last and start.overdue != first:
        found = take(second, start, want)  # the cursor is already in the second part
    else:
        found = take(first, None if last or start is None else start, want)
        found += take(second, None, want - len(found))
    more = len(found) > size
    found = found[:size]
    if backwards:
        found.reverse()
    keys = [pk for _o, pk, _v in found]
    rows = {c.pk: c for c in _page_related(_with_overdue_flag(Complaint.objects.filter(pk__in=keys)))}
    page = []
    for overdue, pk, value in found:
        if pk in rows:
            complaint = rows[pk]
            complaint.tracker_cursor = Cursor(overdue=overdue, value=value, pk=pk)  # type: ignore[attr-defined]
            page.append(complaint)
    if backwards:
        return TrackerPage(rows=page, total=total, has_previous=more, has_next=not last)
    return TrackerPage(rows=page, total=total, has_previous=start is not None, has_next=more)


REFERENCE_QUERY_MAX = 32  # the reference column's length


def reference_query(value: str | None) -> str:
    """What a coordinator typed to find a complaint by its reference, tidied for a prefix match: spaces
    dropped, upper case (references are "PSEA-2026-00001"); "" when nothing usable was typed."""
    query = "".join((value or "").split()).upper()
    return query if len(query) <= REFERENCE_QUERY_MAX else ""


def inbox_list(*, actor: Any, query: str = "") -> QuerySet[Complaint]:
    """New complaints waiting for triage, by urgency (an urgent safety risk first, then child cases), then
    age (the oldest first). With ``query`` (see ``reference_query``), the complaints of any status whose
    reference is or starts with it: only the reference is matched, never sealed content.

    Each row carries ``next_referral_due``, the earliest deadline among its open referrals (one subquery, so
    the page runs the same queries for 5 rows as for 50); ``inbox_deadlines`` adds the refer-within one."""
    referral_model: Any = Complaint._meta.get_field("referrals").related_model
    open_due = (
        referral_model.objects.filter(complaint=OuterRef("pk"), state__in=REFERRAL_OPEN_STATES, due_at__isnull=False)
        .order_by("due_at")
        .values("due_at")[:1]
    )
    qs = complaints_for_coordinator(actor)
    qs = qs.filter(reference__startswith=query) if query else qs.filter(status=Status.NEW)
    return (
        qs.select_related("area", "reported_organisation")
        .annotate(next_referral_due=Subquery(open_due))
        .order_by("-is_urgent", "-involves_child", "received_at", "pk")
        .prefetch_related(
            Prefetch("allegations", queryset=Allegation.objects.select_related("organisation", "sea_type"))
        )
    )


def refer_due(complaint: Complaint, *, sla_hours: int | None = None) -> dt.datetime | None:
    """When the complaint must be referred by (``sla_refer_hours`` after intake), while it still has to be:
    an SEA (or not yet classified) complaint, new or triaged (not referred yet)."""
    if complaint.status not in OPEN_FOR_REFERRAL or complaint.classification not in NEEDS_REFERRAL:
        return None
    hours = network_settings_get().sla_refer_hours if sla_hours is None else sla_hours
    return complaint.received_at + dt.timedelta(hours=hours)


def inbox_deadlines(rows: Iterable[Complaint]) -> list[Complaint]:
    """The rows with ``next_due`` (the earliest of the refer-within deadline and the open referrals' ones, or
    None) and ``is_late`` (that deadline has passed); no query."""
    now = timezone.now()
    sla_hours = network_settings_get().sla_refer_hours
    result = []
    for complaint in rows:
        candidates = (refer_due(complaint, sla_hours=sla_hours), getattr(complaint, "next_referral_due", None))
        dues = [due for due in candidates if due is not None]
        complaint.next_due = min(dues) if dues else None  # type: ignore[attr-defined]
        complaint.is_late = bool(complaint.next_due and complaint.next_due < now)  # type: ignore[attr-defined]
        result.append(complaint)
    return result


@dataclass(frozen=True)
class Deadline:
    """One deadline the case page's summary shows: what is due (and from whom), and when."""

    what: str
    due: dt.datetime

    @property
    def is_late(self) -> bool:
        return self.due < timezone.now()


def case_deadlines(*, complaint: Complaint) -> list[Deadline]:
    """The complaint's next deadlines, the soonest first: referring it (while it has to be referred) and each
    open referral's (acknowledge, accept, first progress update)."""
    deadlines = []
    due = refer_due(complaint)
    if due is not None:
        deadlines.append(Deadline(what=gettext("Referral to the concerned organisation"), due=due))
    open_referrals = (
        complaint.referrals.filter(state__in=REFERRAL_OPEN_STATES, due_at__isnull=False)  # type: ignore[attr-defined]
        .select_related("organisation")
        .order_by("due_at")
    )
    for referral in open_referrals:
        org = referral.organisation.acronym or referral.organisation.name
        if referral.state != "sent":
            what = gettext("First progress update from %(org)s")
        elif referral.kind == "assistance":
            what = gettext("Acceptance by %(org)s")
        else:
            what = gettext("Acknowledgement by %(org)s")
        if referral.due_at is not None:
            deadlines.append(Deadline(what=what % {"org": org}, due=referral.due_at))
    return sorted(deadlines, key=lambda deadline: deadline.due)


ACTIVE_TERMS: ReferenceTable[Term] = ReferenceTable(lambda: Term.objects.filter(is_active=True), models=[Term])


def terms_active(vocabulary: Vocabulary | str) -> list[Term]:
    """A vocabulary's active terms in order, from the per-process reference table (no query most times)."""
    return [term for term in ACTIVE_TERMS.rows() if term.vocabulary == vocabulary]


# --- consent, as the case page shows it --------------------------------------------------------------------------
@dataclass(frozen=True)
class ConsentRow:
    """One purpose: its current decision (None: not asked) and the earlier ones it replaced, latest first."""

    purpose: ConsentPurpose
    current: Consent | None
    earlier: list[Consent]


def consent_overview(*, complaint: Complaint) -> list[ConsentRow]:
    """Every purpose of the SOP in order, with who decided, when, through which channel and how (one query)."""
    by_purpose: dict[str, list[Consent]] = {purpose: [] for purpose in ConsentPurpose.values}
    for consent in complaint.consents.all():  # ordered by decided_at, pk: the last one is the current decision
        by_purpose.setdefault(consent.purpose, []).append(consent)
    rows = []
    for purpose in ConsentPurpose:
        decisions = by_purpose[purpose.value]
        rows.append(
            ConsentRow(
                purpose=purpose,
                current=decisions[-1] if decisions else None,
                earlier=list(reversed(decisions[:-1])),
            )
        )
    return rows


# --- giving another coordinator access --------------------------------------------------------------------------
@dataclass(frozen=True)
class CoordinatorWithoutAccess:
    """A coordinator (e.g. newly appointed) and how many of the viewer's complaints they cannot open."""

    user: User
    complaints: int


def coordinators_without_access(*, actor: Any, complaint: Complaint | None = None) -> list[CoordinatorWithoutAccess]:
    """Other active coordinators with a key pair who cannot open some complaints the actor can open (their own
    grant valid), not counting complaints they are excluded from; ``complaint`` narrows it to that one."""
    if not getattr(actor, "public_key", None):
        return []
    own = KeyGrant.objects.filter(
        keyring_id=OuterRef("keyring_id"), user=actor, kind=GrantKind.USER, recipient_public_key=bytes(actor.public_key)
    )
    scope = complaints_for_coordinator(actor).filter(Exists(own))
    if complaint is not None:
        scope = scope.filter(pk=complaint.pk)
    coordinators = (
        User.objects.filter(is_active=True, public_key__isnull=False, role_assignments__role=Role.COORDINATOR)
        .exclude(pk=actor.pk)
        .distinct()
        .order_by("full_name", "email")
    )
    gaps = []
    for user in coordinators:
        theirs = KeyGrant.objects.filter(
            keyring_id=OuterRef("keyring_id"),
            user=user,
            kind=GrantKind.USER,
            recipient_public_key=bytes(user.public_key or b""),
        )
        count = scope.exclude(Exists(theirs)).exclude(exclusions__user=user).count()
        if count:
            gaps.append(CoordinatorWithoutAccess(user=user, complaints=count))
    return gaps
