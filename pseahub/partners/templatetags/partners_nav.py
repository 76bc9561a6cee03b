"""The header link to the partners app's page."""

from __future__ import annotations

from typing import Any

from django import template

from pseahub.partners.access import reads_partners as _reads_partners

register = template.Library()


@register.filter
def reads_partners(user: Any) -> bool:
    return _reads_partners(user)
