"""Who reaches which part of the mapping (complaint mechanisms and community preferences: focal points and the
coordinator; services: service providers and the coordinator; the gap table and map: the coordinator, co-chairs
and leadership) — the header's one link and the mapping page's list follow these — and the landing pages' notice
of services that need verifying."""

from __future__ import annotations

from typing import Any

from django import template

from pseahub.accounts.models import Role
from pseahub.mapping.gaps import GAP_ROLES

register = template.Library()


@register.filter
def keeps_mechanisms(user: Any) -> bool:
    return bool(user.is_authenticated and (user.has_role(Role.COORDINATOR) or user.has_role(Role.FOCAL_POINT)))


@register.filter
def keeps_services(user: Any) -> bool:
    return bool(user.is_authenticated and (user.has_role(Role.COORDINATOR) or user.has_role(Role.SERVICE_PROVIDER)))


@register.inclusion_tag("mapping/_services_due_notice.html")
def services_due_notice(user: Any) -> dict[str, int]:
    """How many of the services ``user`` keeps need verifying (nothing is shown when none, or not a keeper)."""
    from pseahub.mapping.service_access import services_overdue_count

    return {"count": services_overdue_count(user) if keeps_services(user) else 0}


@register.filter
def reads_gaps(user: Any) -> bool:
    """The gap table and the coverage map: the coordinator, co-chairs, leadership."""
    return bool(user.is_authenticated and any(user.has_role(role) for role in GAP_ROLES))


@register.filter
def uses_mapping(user: Any) -> bool:
    """The header link to the mapping's page (``mapping:home``), for whoever may open one of its parts."""
    return keeps_mechanisms(user) or keeps_services(user) or reads_gaps(user)
