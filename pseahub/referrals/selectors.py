"""Reads of referrals, scoped by the requesting user."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.accounts.models import Role, RoleAssignment, User
from pseahub.cases.access import complaints_for_coordinator
from pseahub.cases.models import Complaint, Exclusion, Survivor
from pseahub.mapping.models import Service
from pseahub.mapping.selectors import service_list
from pseahub.network.selectors import network_settings_get
from pseahub.vault.models import GrantKind, KeyGrant

from .access import referrals_received_by
from .deadlines import Calendar
from .models import OPEN_STATES, Referral, ReferralKind, ReferralState

RECIPIENT_ROLE = {ReferralKind.ALLEGATION: Role.FOCAL_POINT, ReferralKind.ASSISTANCE: Role.SERVICE_PROVIDER}


def referral_inbox(*, actor: Any, include_done: bool = False) -> QuerySet[Referral]:
    """The recipient's referrals, the soonest deadline first."""
    qs = referrals_received_by(actor).select_related("complaint", "organisation", "service", "allegation__sea_type")
    if not include_done:
        qs = qs.filter(state__in=OPEN_STATES)
    return qs.order_by(F("due_at").asc(nulls_last=True), "-sent_at")


def referrals_of_complaint(*, complaint: Complaint) -> QuerySet[Referral]:
    """For the coordinator's case page (access to the complaint is checked by the caller), with the dates the
    survivor was informed and the services delivered."""
    return complaint.referrals.select_related(
        "organisation", "service", "allegation", "outcome", "sent_by", "survivor__age_group"
    ).prefetch_related("informed_dates", "deliveries")


def network_today() -> dt.date:
    """Today in the network's time zone (a focal point in Beirut is a day ahead of UTC late in the evening):
    the latest date a survivor can have been informed, a service delivered, an investigation started or ended."""
    return timezone.localdate(timezone=Calendar.of(network_settings_get()).tz)


def survivor_label(survivor: Survivor, number: int) -> str:
    """A label that identifies nobody outside the case: "Survivor 2 — Woman, 18-25" (its rank in the complaint,
    its victim type and age group). Never the name: that is sealed, and shared only with consent."""
    who = [str(survivor.get_victim_type_display())]
    if survivor.age_group is not None:
        who.append(survivor.age_group.label)
    return _("Survivor %(number)d — %(who)s") % {"number": number, "who": ", ".join(who)}


def survivor_labels(*, complaint: Complaint) -> dict[int, str]:
    """Survivor pk → its label (``survivor_label``), numbered in the order they were recorded."""
    survivors = complaint.survivors.select_related("age_group").order_by("pk")
    return {survivor.pk: survivor_label(survivor, number) for number, survivor in enumerate(survivors, start=1)}


def referral_survivor_label(referral: Referral) -> str:
    """The label of the survivor an assistance referral is for ("" when it names none)."""
    if referral.survivor is None:
        return ""
    number = Survivor.objects.filter(complaint_id=referral.complaint_id, pk__lte=referral.survivor_id).count()
    return survivor_label(referral.survivor, number)


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


# --- who should hold a grant on an open referral ------------------------------------------------------------
@dataclass(frozen=True)
class RecipientsWithoutGrant:
    """An open referral and the recipients (active focal points, or the provider's staff) who cannot open it:
    added after it was sent, or their key pair was replaced by a password reset."""

    referral: Referral
    users: list[User]


def _recipients(referrals: list[Referral]) -> dict[int, list[User]]:
    """Referral pk → who receives it now: active users with a key pair holding the recipient role for the
    referral's organisation, minus those excluded from the complaint (the rule ``services.recipients_for``
    applies when sending), in three queries for any number of referrals."""
    wanted = {(RECIPIENT_ROLE[ReferralKind(r.kind)], r.organisation_id) for r in referrals}
    holders: dict[tuple[str, int], list[User]] = defaultdict(list)
    assignments = RoleAssignment.objects.filter(
        role__in={role for role, _org in wanted},
        organisation_id__in={org for _role, org in wanted},
        user__is_active=True,
        user__public_key__isnull=False,
    ).select_related("user")
    for assignment in assignments.order_by("user__email"):
        if assignment.organisation_id is not None:
            holders[(assignment.role, assignment.organisation_id)].append(assignment.user)
    excluded: dict[int, set[int]] = defaultdict(set)
    for complaint_id, user_id in Exclusion.objects.filter(
        complaint_id__in={r.complaint_id for r in referrals}
    ).values_list("complaint_id", "user_id"):
        excluded[complaint_id].add(user_id)
    return {
        r.pk: [
            user
            for user in holders[(RECIPIENT_ROLE[ReferralKind(r.kind)], r.organisation_id)]
            if user.pk not in excluded[r.complaint_id]
        ]
        for r in referrals
    }


def _user_grants(referrals: list[Referral]) -> dict[tuple[int, int], bytes]:
    """(keyring pk, user pk) → the public key each user grant on these referrals' keyrings was made for."""
    grants = KeyGrant.objects.filter(
        keyring_id__in=[r.keyring_id for r in referrals], kind=GrantKind.USER, user__isnull=False
    ).values_list("keyring_id", "user_id", "recipient_public_key")
    return {(keyring_id, user_id): bytes(public or b"") for keyring_id, user_id, public in grants}


def referral_recipients_without_grant(*, actor: Any) -> list[RecipientsWithoutGrant]:
    """Open referrals the coordinator can give access to (a complaint they may open, and a valid grant of their
    own on the referral's keyring) whose recipients include someone without a valid grant, oldest first."""
    if not getattr(actor, "public_key", None):
        return []
    referrals = list(
        Referral.objects.filter(
            state__in=OPEN_STATES,
            complaint__in=complaints_for_coordinator(actor),
            keyring__grants__user=actor,
            keyring__grants__kind=GrantKind.USER,
        )
        .select_related("complaint", "organisation", "service", "keyring")
        .order_by("sent_at", "pk")
        .distinct()
    )
    if not referrals:
        return []
    grants = _user_grants(referrals)
    recipients = _recipients(referrals)
    own_key = bytes(actor.public_key)
    gaps = []
    for referral in referrals:
        if grants.get((referral.keyring_id, actor.pk)) != own_key:
            continue  # the actor's own grant waits for a re-grant: they cannot open the keyring
        missing = [
            user
            for user in recipients[referral.pk]
            if grants.get((referral.keyring_id, user.pk)) != bytes(user.public_key or b"")
        ]
        if missing:
            gaps.append(RecipientsWithoutGrant(referral=referral, users=missing))
    return gaps


def referral_grants_lapsed() -> list[tuple[Referral, User]]:
    """User grants on open referrals held by people who no longer receive them (focal point or provider
    profile deactivated, role taken away, account deactivated). Coordinators' grants are never lapsed here."""
    referrals = list(Referral.objects.filter(state__in=OPEN_STATES).select_related("complaint"))
    if not referrals:
        return []
    by_keyring = {referral.keyring_id: referral for referral in referrals}
    recipients = _recipients(referrals)
    coordinators = set(RoleAssignment.objects.filter(role=Role.COORDINATOR).values_list("user_id", flat=True))
    grants = (
        KeyGrant.objects.filter(keyring_id__in=by_keyring, kind=GrantKind.USER, user__isnull=False)
        .exclude(user_id__in=coordinators)
        .select_related("user")
        .order_by("keyring_id", "user_id")
    )
    lapsed: list[tuple[Referral, User]] = []
    for grant in grants:
        referral = by_keyring[grant.keyring_id]
        if grant.user is not None and grant.user_id not in {user.pk for user in recipients[referral.pk]}:
            lapsed.append((referral, grant.user))
    return lapsed


def complaint_outcome_code(complaint: Complaint) -> str | None:
    """The outcome recorded on the complaint's latest closed allegation referral (a code of the "outcome"
    vocabulary), or None. Registered with ``cases.outcomes`` for the reporter's status page."""
    referral = (
        Referral.objects.filter(
            complaint=complaint, kind=ReferralKind.ALLEGATION, state=ReferralState.CLOSED, outcome__isnull=False
        )
        .select_related("outcome")
        .order_by("-closed_at", "-sent_at")
        .first()
    )
    return referral.outcome.code if referral is not None and referral.outcome is not None else None
