"""Which key grants a role entitles its holder to: the one rule that role changes, deactivation and re-grants
follow.

Accounts knows roles but not what a keyring protects, and must not import the apps above it. Each app that
grants keys because of a role registers a *source* when it loads (``AppConfig.ready``): given a role and the
organisation it is held for, the source answers the keyrings that role entitles its holder to (a queryset of
keyring ids, used as a subquery), or None when it has nothing to say about that role. Cases registers
coordinators → complaint keyrings; referrals registers coordinators → referral keyrings, and an
organisation's focal points / provider staff → that organisation's allegation / assistance referrals.

A user holds a grant legitimately only while active and holding a role whose source lists the keyring.
Exclusion from a complaint is a separate, stronger rule enforced by cases (it withdraws the grant).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from pseahub.vault.models import GrantKind, KeyGrant

from .models import User

#: (role, organisation id or None) → a queryset of the keyring ids that role entitles to (``.values("keyring_id")``),
#: or None when the source has nothing to say about that role.
KeyringSource = Callable[[str, int | None], "QuerySet[Any] | None"]

_SOURCES: list[KeyringSource] = []

_NOTHING = Q(pk__in=[])


def keyring_source_register(source: KeyringSource) -> None:
    """Called from an app's ``ready()``; registering the same source twice is harmless."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def entitled_by(role: str, organisation_id: int | None) -> Q:
    """A filter on ``KeyGrant``: grants on the keyrings this one role entitles its holder to."""
    q = _NOTHING
    for source in _SOURCES:
        keyring_ids = source(str(role), organisation_id)
        if keyring_ids is not None:
            q |= Q(keyring_id__in=keyring_ids)
    return q


def entitled(user: Any) -> Q:
    """A filter on ``KeyGrant``: grants on keyrings the user's roles entitle them to now (nothing when the user
    is inactive)."""
    if not user.is_active:
        return _NOTHING
    q = _NOTHING
    for role, organisation_id in user.role_assignments.values_list("role", "organisation_id"):
        q |= entitled_by(role, organisation_id)
    return q


def user_grants(user: Any) -> QuerySet[KeyGrant]:
    return KeyGrant.objects.filter(user=user, kind=GrantKind.USER)


def grants_withdraw_unentitled(user: Any, *, among: Q | None = None) -> int:
    """Delete the user's grants that no role they hold now entitles them to (only those matching ``among``, if
    given: e.g. what one revoked role gave). Returns how many were deleted."""
    grants = user_grants(user)
    if among is not None:
        grants = grants.filter(among)
    # Two steps (ids first): a DELETE with a subquery on the same table is refused by some databases.
    doomed = list(grants.exclude(entitled(user)).values_list("pk", flat=True))
    deleted, _unused = KeyGrant.objects.filter(pk__in=doomed).delete()
    return deleted


def grants_entitled(grants: QuerySet[KeyGrant]) -> QuerySet[KeyGrant]:
    """Of these user grants, those whose holder is entitled to them now (one query per distinct holder)."""
    kept: list[int] = []
    holders = User.objects.filter(pk__in=grants.values("user_id"))
    for holder in holders:
        kept += grants.filter(user=holder).filter(entitled(holder)).values_list("pk", flat=True)
    return grants.filter(pk__in=kept)
