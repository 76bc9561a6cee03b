"""The registry of the members' complaint and feedback mechanisms (CFMs): who may see and edit which, the
writes (each audited in the same transaction) and the list the pages show.

Focal points keep their own organisation's mechanisms; the coordinator keeps and verifies all of them. Audit
entries name the mechanism, its organisation and areas by id (public id, p-code) and list the changed fields,
with old and new values only for codes and flags, never the text of a name or of the hours.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.network.models import Area, Organisation

from .changes import apply_changes, pcodes, strip_texts
from .models import FeedbackMechanism

#: A mechanism whose last verification is older than this (or that was never verified) is due again.
VERIFY_EVERY = timedelta(days=183)

#: The fields a mechanism's writer sets, in the order the form shows them.
MECHANISM_FIELDS = (
    "organisation",
    "type",
    "name",
    "status",
    "areas",
    "languages",
    "days_hours",
    "contact",
    "cost",
    "accessible_disability",
    "accessible_low_literacy",
    "women_child_friendly",
    "confidential_space",
    "sea_trained",
    "knows_referral_pathway",
    "refers_to_network",
)
#: What the directory's publishing choices set (their form is the directory's, not the registry's).
MECHANISM_LISTING_FIELDS = ("is_listed", "published_fields")
_TEXT_FIELDS = ("name", "days_hours", "contact")


# --- who may do what ---------------------------------------------------------------------------------------------


def mechanism_organisations_for(user: User) -> QuerySet[Organisation]:
    """The organisations whose mechanisms ``user`` keeps: all active ones for the coordinator, their own for a
    focal point, none otherwise."""
    active = Organisation.objects.filter(is_active=True)
    if user.has_role(Role.COORDINATOR):
        return active
    return active.filter(pk__in=user.organisation_ids(Role.FOCAL_POINT))


def mechanisms_for(user: User) -> QuerySet[FeedbackMechanism]:
    """The mechanisms ``user`` may see (and edit): all for the coordinator, their organisation's for a focal point."""
    mechanisms = FeedbackMechanism.objects.select_related("organisation", "verified_by").prefetch_related("areas")
    if user.has_role(Role.COORDINATOR):
        return mechanisms
    return mechanisms.filter(organisation_id__in=user.organisation_ids(Role.FOCAL_POINT))


def mechanism_get_for(user: User, public_id: uuid.UUID) -> FeedbackMechanism:
    """The one object-level check: the mechanism if ``user`` may see it, else 404 (its existence is not told)."""
    mechanism = mechanisms_for(user).filter(public_id=public_id).first()
    if mechanism is None:
        raise Http404
    return mechanism


def mechanism_list(
    user: User, *, organisation: Organisation | None = None, status: str = "", overdue: bool = False
) -> QuerySet[FeedbackMechanism]:
    """What the list page shows: ``overdue`` keeps those never verified or not verified for six months."""
    mechanisms = mechanisms_for(user)
    if organisation is not None:
        mechanisms = mechanisms.filter(organisation=organisation)
    if status:
        mechanisms = mechanisms.filter(status=status)
    if overdue:
        due = timezone.now() - VERIFY_EVERY
        mechanisms = mechanisms.filter(Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=due))
    return mechanisms


def mechanism_is_overdue(mechanism: FeedbackMechanism) -> bool:
    verified = mechanism.last_verified_at
    return verified is None or verified < timezone.now() - VERIFY_EVERY


def _organisation_check(actor: User | None, organisation: Organisation) -> None:
    if not organisation.is_active:
        raise ValidationError({"organisation": _("This organisation is inactive.")})
    if actor is not None and not mechanism_organisations_for(actor).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("You can only keep your own organisation's mechanisms.")})


def _areas_check(areas: list[Area]) -> None:
    if not areas:
        raise ValidationError({"areas": _("Choose at least one area the mechanism covers.")})


# --- writes ------------------------------------------------------------------------------------------------------


@transaction.atomic
def mechanism_create(*, actor: User | None, areas: Iterable[Area], **fields: Any) -> FeedbackMechanism:
    """Add a mechanism (any of ``MECHANISM_FIELDS``; ``organisation``, ``type`` and ``name`` are needed).

    The actor must keep the organisation's mechanisms (``actor=None``: the demo loader). Errors raise
    ``ValidationError`` by field, the same organisation, type and name twice included; nothing is saved.
    """
    unknown = sorted(set(fields).difference(MECHANISM_FIELDS + MECHANISM_LISTING_FIELDS))
    if unknown:
        raise TypeError(f"Mechanism fields that cannot be set here: {', '.join(unknown)}")
    areas = list(areas)
    strip_texts(fields, _TEXT_FIELDS)
    _organisation_check(actor, fields["organisation"])
    _areas_check(areas)
    mechanism = FeedbackMechanism(**fields)
    mechanism.full_clean()
    mechanism.save()
    mechanism.areas.set(areas)
    record(
        actor=actor,
        action=Action.MECHANISM_CREATED,
        target=mechanism,
        data={
            "organisation": str(mechanism.organisation.public_id),
            "type": mechanism.type,
            "status": mechanism.status,
            "areas": pcodes(areas),
        },
    )
    return mechanism


@transaction.atomic
def mechanism_update(*, actor: User, mechanism: FeedbackMechanism, **fields: Any) -> FeedbackMechanism:
    """Change a mechanism (any of ``MECHANISM_FIELDS``; ``areas`` is the full new list).

    Only who keeps its organisation (and, when moving it, the new one) may. A change keeps the last
    verification but marks the mechanism "changed since verified" until the coordinator verifies it again.
    """
    unknown = sorted(set(fields).difference(MECHANISM_FIELDS + MECHANISM_LISTING_FIELDS))
    if unknown:
        raise TypeError(f"Mechanism fields that cannot be changed here: {', '.join(unknown)}")
    if not mechanisms_for(actor).filter(pk=mechanism.pk).exists():
        raise ValidationError({"organisation": _("You can only keep your own organisation's mechanisms.")})
    strip_texts(fields, _TEXT_FIELDS)
    changes = apply_changes(
        mechanism,
        fields,
        organisation_field="organisation",
        text_fields=_TEXT_FIELDS,
        check_areas=_areas_check,
        check_organisation=lambda organisation: _organisation_check(actor, organisation),
    )
    if not changes.fields:
        return mechanism

    if set(changes.fields) - set(MECHANISM_LISTING_FIELDS):  # the publishing choices are not facts to verify
        mechanism.changed_since_verified = mechanism.last_verified_at is not None
    mechanism.full_clean()
    mechanism.save()
    if changes.areas is not None:
        mechanism.areas.set(changes.areas)
    record(
        actor=actor,
        action=Action.MECHANISM_UPDATED,
        target=mechanism,
        data={"fields": sorted(changes.fields), "old": changes.old, "new": changes.new},
    )
    return mechanism


@transaction.atomic
def mechanism_verify(*, actor: User, mechanism: FeedbackMechanism) -> FeedbackMechanism:
    """The coordinator confirms the entry is right today: sets when and by whom, clears "changed since verified"."""
    if not actor.has_role(Role.COORDINATOR):
        raise PermissionError("Only the coordinator verifies a mechanism.")
    mechanism.last_verified_at = timezone.now()
    mechanism.verified_by = actor
    mechanism.changed_since_verified = False
    mechanism.save(update_fields=["last_verified_at", "verified_by", "changed_since_verified", "updated_at"])
    record(
        actor=actor,
        action=Action.MECHANISM_VERIFIED,
        target=mechanism,
        data={"organisation": str(mechanism.organisation.public_id)},
    )
    return mechanism
