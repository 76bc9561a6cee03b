"""The registry of services as its keepers see it: who may see and edit which service, the list the pages show,
the verification (the provider for its own services, or the coordinator) and the six-monthly reminder.

Service providers keep their own organisation's services; the coordinator keeps and verifies all of them. The
writes themselves are ``services.service_create`` / ``service_update`` (the admin uses them too).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.notify import count_notices_send, site_url
from pseahub.network.models import Area, Organisation

from .mechanisms import VERIFY_EVERY
from .models import Service
from .services import service_create, service_update

KEEPER_ROLES = (Role.SERVICE_PROVIDER, Role.COORDINATOR)

REMINDER_SUBJECT = _("Services to verify in PSEA Hub")
REMINDER_BODY = _(
    "Services you keep in the registry that need verifying (not verified for six months): %(count)s.\n\n"
    "Please check that their details are still right and mark them as verified, after signing in:\n%(link)s"
)


# --- who may do what ---------------------------------------------------------------------------------------------


def service_organisations_for(user: User) -> QuerySet[Organisation]:
    """The organisations whose services ``user`` keeps: all active ones for the coordinator, their own for a
    service provider, none otherwise."""
    active = Organisation.objects.filter(is_active=True)
    if user.has_role(Role.COORDINATOR):
        return active
    if user.has_role(Role.SERVICE_PROVIDER):
        return active.filter(pk__in=user.organisation_ids(Role.SERVICE_PROVIDER))
    return active.none()


def services_for(user: User) -> QuerySet[Service]:
    """The services ``user`` may see and edit: all for the coordinator, their organisation's for a provider."""
    services = Service.objects.select_related("provider", "verified_by").prefetch_related("areas")
    if user.has_role(Role.COORDINATOR):
        return services
    if user.has_role(Role.SERVICE_PROVIDER):
        return services.filter(provider_id__in=user.organisation_ids(Role.SERVICE_PROVIDER))
    return services.none()


def service_get_for(user: User, public_id: uuid.UUID) -> Service:
    """The one object-level check: the service if ``user`` keeps it, else 404 (its existence is not told)."""
    service = services_for(user).filter(public_id=public_id).first()
    if service is None:
        raise Http404
    return service


# --- the six-month flag ------------------------------------------------------------------------------------------


def _overdue(now: dt.datetime | None = None) -> Q:
    """Active services never verified, or not verified for ``VERIFY_EVERY`` (an inactive one, or one of an inactive
    provider, is not chased)."""
    due = (now or timezone.now()) - VERIFY_EVERY
    return Q(is_active=True, provider__is_active=True) & (
        Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=due)
    )


def service_is_overdue(service: Service) -> bool:
    verified = service.last_verified_at
    return (
        service.is_active
        and service.provider.is_active
        and (verified is None or verified < timezone.now() - VERIFY_EVERY)
    )


def services_overdue_count(user: User) -> int:
    """How many of the services ``user`` keeps need verifying (the landing pages' notice)."""
    return services_for(user).filter(_overdue()).count()


def service_list_for(
    user: User, *, service_type: str = "", organisation: Organisation | None = None, overdue: bool = False
) -> QuerySet[Service]:
    """What the list page shows, by type then name; ``overdue`` keeps those that need verifying."""
    services = services_for(user)
    if service_type:
        services = services.filter(type=service_type)
    if organisation is not None:
        services = services.filter(provider=organisation)
    if overdue:
        services = services.filter(_overdue())
    return services.order_by("provider__name", "type", "name", "pk")


# --- writes ------------------------------------------------------------------------------------------------------


def _keeps_check(actor: User, provider: Organisation) -> None:
    if not service_organisations_for(actor).filter(pk=provider.pk).exists():
        raise ValidationError({"provider": _("You can only keep your own organisation's services.")})


@transaction.atomic
def service_create_for(*, actor: User, areas: Iterable[Area], **fields: Any) -> Service:
    """``services.service_create`` for a keeper of the registry: the provider must be one ``actor`` keeps."""
    _keeps_check(actor, fields["provider"])
    return service_create(actor=actor, areas=areas, **fields)


@transaction.atomic
def service_update_for(*, actor: User, service: Service, **fields: Any) -> Service:
    """``services.service_update`` for a keeper of the registry: ``actor`` keeps the service and, when moving it,
    the new provider (a provider cannot hand its service to another organisation)."""
    if not services_for(actor).filter(pk=service.pk).exists():
        raise ValidationError({"provider": _("You can only keep your own organisation's services.")})
    if "provider" in fields and fields["provider"].pk != service.provider_id:
        _keeps_check(actor, fields["provider"])
    return service_update(actor=actor, service=service, **fields)


@transaction.atomic
def service_verify(*, actor: User, service: Service) -> Service:
    """The provider (for its own services) or the coordinator confirms the entry is right today: sets when and by
    whom, clears "changed since verified"."""
    if not services_for(actor).filter(pk=service.pk).exists():
        raise PermissionError("Only the service's provider or the coordinator verifies a service.")
    service.last_verified_at = timezone.now()
    service.verified_by = actor
    service.changed_since_verified = False
    service.save(update_fields=["last_verified_at", "verified_by", "changed_since_verified", "updated_at"])
    record(
        actor=actor,
        action=Action.SERVICE_VERIFIED,
        target=service,
        data={"provider": str(service.provider.public_id)},
    )
    return service


def _reminder_due(now: dt.datetime) -> Q:
    # Once per overdue period: not reminded yet, or reminded before its last verification (it became overdue
    # again since), or reminded a whole period ago and still not verified.
    return _overdue(now) & (
        Q(verification_reminded_at__isnull=True)
        | Q(verification_reminded_at__lt=F("last_verified_at"))
        | Q(verification_reminded_at__lt=now - VERIFY_EVERY)
    )


@transaction.atomic
def verification_reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail the keepers of the services that became due for verification (each service once per overdue
    period): its provider's users and the coordinators, one e-mail each with how many of the services they keep
    need verifying and a link, nothing else. Returns how many e-mails were queued."""
    now = now or timezone.now()
    due = list(
        Service.objects.select_for_update(of=("self",)).filter(_reminder_due(now)).values_list("pk", "provider_id")
    )
    if not due:
        return 0
    providers = {provider_id for _pk, provider_id in due}
    people = User.objects.filter(is_active=True).filter(
        Q(role_assignments__role=Role.COORDINATOR)
        | Q(role_assignments__role=Role.SERVICE_PROVIDER, role_assignments__organisation_id__in=providers)
    )
    overdue_by_provider = Counter(Service.objects.filter(_overdue(now)).values_list("provider_id", flat=True))
    total = sum(overdue_by_provider.values())
    link = site_url(reverse("mapping:services") + "?overdue=on")

    def count_for(user: User) -> int:
        if user.has_role(Role.COORDINATOR):
            return total
        return sum(overdue_by_provider[pk] for pk in user.organisation_ids(Role.SERVICE_PROVIDER))

    sent = count_notices_send(
        people=people.distinct(), count_for=count_for, subject=REMINDER_SUBJECT, body=REMINDER_BODY, link=link
    )
    Service.objects.filter(pk__in=[pk for pk, _provider in due]).update(verification_reminded_at=now)
    return sent
