"""The header's link to members' own figures (base.html): shown to a focal point of an active member
organisation, the only one who submits them."""

from __future__ import annotations

from typing import Any

from django import template

from pseahub.insights import access
from pseahub.insights.members import members_overview_allowed, submitting_organisations

register = template.Library()


@register.filter
def submits_member_figures(user: Any) -> bool:
    """Whether ``user`` submits quarterly figures for some organisation (a focal point of an active member)."""
    return bool(submitting_organisations(user))


@register.filter
def sees_member_returns(user: Any) -> bool:
    """Whether ``user`` opens the members' figures overview (the coordinator and the co-chairs)."""
    return members_overview_allowed(user)


@register.filter
def sees_systemwide(user: Any) -> bool:
    """Whether ``user`` opens the system-wide view of an HQ installation (the HQ role)."""
    return access.sees_systemwide(user)
