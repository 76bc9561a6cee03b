"""Object-level access to complaints, in one place. Need-to-know is a key grant: no grant, no complaint.

Both "does not exist" and "not yours" raise Http404, so a response never confirms that a complaint exists.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from pseahub.accounts.models import Role
from pseahub.vault.models import GrantKind, KeyGrant

from .models import Complaint


def complaints_granted_to(actor: Any) -> QuerySet[Complaint]:
    """Complaints whose keyring is wrapped for ``actor``; empty for anyone without a grant."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return Complaint.objects.none()
    # Exclusion withdraws the grant already; filtering it here too keeps an excluded user out even if a grant
    # were ever re-created by mistake.
    # A correlated EXISTS rather than "keyring IN (the user's grants)": the database can then walk complaints
    # in the order a page wants (by an index) and check each one's grant, instead of starting from every grant
    # and sorting them all. PostgreSQL plans both as the same semi-join.
    held = KeyGrant.objects.filter(keyring_id=OuterRef("keyring_id"), user=actor, kind=GrantKind.USER)
    return Complaint.objects.filter(Exists(held)).exclude(exclusions__user=actor)


def complaints_for_coordinator(actor: Any) -> QuerySet[Complaint]:
    """The tracker's universe: coordinator role and a grant on each complaint."""
    if not getattr(actor, "is_authenticated", False) or not actor.has_role(Role.COORDINATOR):
        return Complaint.objects.none()
    return complaints_granted_to(actor)


def complaint_get_for(actor: Any, public_id: UUID | str) -> Complaint:
    """The complaint, if ``actor`` is a coordinator holding a grant on it; Http404 otherwise."""
    complaint = (
        complaints_for_coordinator(actor)
        .select_related("keyring", "area", "reported_organisation", "forwarded_to", "created_by")
        .filter(public_id=public_id)
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


def complaint_keyrings_for_role(role: str, organisation_id: int | None) -> QuerySet[Any] | None:
    """Key grants a role entitles to (``accounts.keyaccess`` source): coordinators, every complaint's keyring."""
    if role == Role.COORDINATOR:
        return Complaint.objects.values("keyring_id")
    return None
