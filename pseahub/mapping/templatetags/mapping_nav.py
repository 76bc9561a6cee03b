"""The header links to the mapping registries (complaint mechanisms: focal points and the coordinator; services:
service providers and the coordinator) and the landing pages' notice of services that need verifying."""

from __future__ import annotations

from typing import Any

from django import template

from pseahub.accounts.models import Role

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
