"""The header's link to the focal point's intake form (base.html): shown to a focal point who acts for an
organisation, the only one who may open it."""

from __future__ import annotations

from typing import Any

from django import template

from pseahub.intake.forms import focal_point_organisations

register = template.Library()


@register.filter
def files_for_organisation(user: Any) -> bool:
    """Whether ``user`` files complaints their organisation received (a focal point of an active organisation)."""
    return bool(focal_point_organisations(user))
