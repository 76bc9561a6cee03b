"""The header link to the network's coordination pages (coordinator, co-chairs, focal points, leadership)."""

from __future__ import annotations

from typing import Any

from django import template

from pseahub.planning.access import reads_network as _reads_network

register = template.Library()


@register.filter
def reads_network(user: Any) -> bool:
    return _reads_network(user)
