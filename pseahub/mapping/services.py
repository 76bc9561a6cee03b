"""Writes to the registry of services. Each writes its audit entry, in the same transaction.

Audit entries name the service, its provider and its areas by id (public id, p-code) and list which fields
changed; old and new values only for codes, flags and numbers, never the text of a name, contact or note.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pseahub.accounts.services import Actor
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.network.models import Area, Organisation

from .changes import apply_changes, pcodes, strip_texts
from .models import Service, ServiceType, SexServed

#: The directory's publishing choices: what the public may see, not a fact of the registry to verify.
LISTING_FIELDS = ("is_listed", "published_fields")
SERVICE_FIELDS = frozenset(
    {
        "name",
        "type",
        "provider",
        "areas",
        "sex_served",
        "min_age",
        "max_age",
        "contact_phone",
        "contact_email",
        "address",
        "hours",
        "languages",
        "is_active",
        "notes",
        "capacity",
        "cost",
        "referral_contact",
        "post_rape_care_72h",
        "accessible_disability",
        "women_child_friendly",
        "confidential_space",
        "is_listed",
        "published_fields",
    }
)
_TEXT_FIELDS = ("name", "contact_phone", "contact_email", "address", "hours", "notes", "capacity", "referral_contact")


def _provider_check(provider: Organisation) -> None:
    if not provider.is_active:
        raise ValidationError({"provider": _("This organisation is inactive: it cannot provide a service.")})


def _areas_check(areas: list[Area]) -> None:
    if not areas:
        raise ValidationError({"areas": _("Choose at least one area the service covers.")})


@transaction.atomic
def service_create(
    *,
    actor: Actor,
    name: str,
    type: ServiceType | str,
    provider: Organisation,
    areas: Iterable[Area],
    sex_served: SexServed | str = SexServed.ALL,
    min_age: int | None = None,
    max_age: int | None = None,
    contact_phone: str = "",
    contact_email: str = "",
    address: str = "",
    hours: str = "",
    languages: list[str] | None = None,
    notes: str = "",
    is_active: bool = True,
    **mapped: Any,
) -> Service:
    """Add a service to the registry (``mapped``: any other of ``SERVICE_FIELDS``, e.g. ``capacity``, ``cost``,
    the accessibility flags, ``is_listed`` and ``published_fields``).

    The provider must be an active organisation, the service must cover at least one area, and
    ``min_age`` must not be above ``max_age``; otherwise ``ValidationError`` (by field) and nothing is saved.
    """
    unknown = sorted(set(mapped) - SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"Service fields that cannot be set here: {', '.join(unknown)}")
    strip_texts(mapped, _TEXT_FIELDS)
    areas = list(areas)
    _provider_check(provider)
    _areas_check(areas)
    service = Service(
        name=name.strip(),
        type=type,
        provider=provider,
        sex_served=sex_served,
        min_age=min_age,
        max_age=max_age,
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        address=address.strip(),
        hours=hours.strip(),
        languages=languages or [],
        notes=notes.strip(),
        is_active=is_active,
        **mapped,
    )
    service.full_clean()
    service.save()
    service.areas.set(areas)
    record(
        actor=actor,
        action=Action.SERVICE_CREATED,
        target=service,
        data={
            "provider": str(provider.public_id),
            "type": service.type,
            "areas": pcodes(areas),
            "sex_served": service.sex_served,
            "min_age": min_age,
            "max_age": max_age,
            "is_active": is_active,
        },
    )
    return service


@transaction.atomic
def service_update(*, actor: Actor, service: Service, **fields: Any) -> Service:
    """Change a service: any of ``SERVICE_FIELDS`` (``areas`` is the full new list of areas covered).

    The same rules as ``service_create``; moving the service to another provider needs an active one (a
    service of a provider that became inactive can still be edited, e.g. to deactivate it). Services are
    deactivated (``is_active=False``), never deleted: assistance referrals point to them. A change keeps the last
    verification but marks the service "changed since verified" (``service_access.service_verify`` clears it).
    """
    unknown = sorted(set(fields) - SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"Service fields that cannot be changed here: {', '.join(unknown)}")
    strip_texts(fields, _TEXT_FIELDS)
    changes = apply_changes(
        service,
        fields,
        organisation_field="provider",
        text_fields=_TEXT_FIELDS,
        check_areas=_areas_check,
        check_organisation=_provider_check,
    )
    if set(changes.fields) - set(LISTING_FIELDS):
        # The last verification stays, but the entry is marked until its provider or the coordinator verifies again
        # (the publishing choices are not facts to verify).
        service.changed_since_verified = service.last_verified_at is not None
    service.full_clean()
    service.save()
    if changes.areas is not None:
        service.areas.set(changes.areas)
    if changes.fields:
        record(actor=actor, action=Action.SERVICE_UPDATED, target=service, data=changes.audit_data())
    return service
