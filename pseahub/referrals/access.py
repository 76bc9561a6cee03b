"""Object-level access to referrals. A recipient sees a referral only when it was sent to their own
organisation AND they hold a grant on its keyring; everyone else gets 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from pseahub.accounts.models import Role
from pseahub.cases.access import complaints_for_coordinator
from pseahub.vault.models import GrantKind

from .models import Referral, ReferralKind

_ROLE_FOR_KIND = {ReferralKind.ALLEGATION: Role.FOCAL_POINT, ReferralKind.ASSISTANCE: Role.SERVICE_PROVIDER}


def referrals_received_by(actor: Any) -> QuerySet[Referral]:
    """Referrals to the actor's organisations, of the kind their role receives, that they hold a key for."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return Referral.objects.none()
    qs = Referral.objects.none()
    for kind, role in _ROLE_FOR_KIND.items():
        organisations = actor.organisation_ids(role)
        if organisations:
            qs = qs | Referral.objects.filter(kind=kind, organisation_id__in=organisations)
    return (
        qs.filter(keyring__grants__user=actor, keyring__grants__kind=GrantKind.USER)
        .exclude(complaint__exclusions__user=actor)
        .distinct()
    )


_RELATED = ("complaint", "organisation", "service", "allegation__sea_type", "outcome", "keyring")


def referral_get_for(actor: Any, public_id: UUID | str, *, kind: str | None = None) -> Referral:
    """A referral received by ``actor`` (of ``kind`` when given: the investigation record is only on allegation
    referrals, services delivered only on assistance ones); Http404 for anything else, existing or not."""
    qs = referrals_received_by(actor).select_related(*_RELATED, "survivor__age_group").filter(public_id=public_id)
    if kind is not None:
        qs = qs.filter(kind=kind)
    referral = qs.first()
    if referral is None:
        raise Http404
    return referral


def referral_get_for_coordinator(actor: Any, public_id: UUID | str) -> Referral:
    """A referral of a complaint the coordinator may open (cases.access decides); Http404 otherwise."""
    referral = (
        Referral.objects.select_related(*_RELATED, "survivor__age_group")
        .filter(public_id=public_id, complaint__in=complaints_for_coordinator(actor))
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def referral_keyrings_for_role(role: str, organisation_id: int | None) -> QuerySet[Any] | None:
    """Key grants a role entitles to (``accounts.keyaccess`` source): coordinators, every referral's keyring
    (they read what was shared); a focal point, the allegation referrals to their organisation; a provider's
    staff member, the assistance referrals to their organisation's services."""
    if role == Role.COORDINATOR:
        return Referral.objects.values("keyring_id")
    for kind, recipient_role in _ROLE_FOR_KIND.items():
        if role == recipient_role and organisation_id is not None:
            return Referral.objects.filter(kind=kind, organisation_id=organisation_id).values("keyring_id")
    return None
