"""The header link to the registry of complaint and feedback mechanisms (focal points and the coordinator)."""

from __future__ import annotations

from typing import Any

from django import template

from pseahub.accounts.models import Role

register = template.Library()


@register.filter
def keeps_mechanisms(user: Any) -> bool:
    return bool(user.is_authenticated and (user.has_role(Role.COORDINATOR) or user.has_role(Role.FOCAL_POINT)))
