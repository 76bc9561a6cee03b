"""The header links to the registry of complaint and feedback mechanisms (focal points and the coordinator) and to
the gap table (the coordinator, co-chairs and leadership)."""

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
def reads_gaps(user: Any) -> bool:
    """The header link to the gap table (which links the coverage map): the coordinator, co-chairs, leadership."""
    return bool(user.is_authenticated and any(user.has_role(role) for role in GAP_ROLES))
