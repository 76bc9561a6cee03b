"""Small filters for the action plan's pages and report."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or None (a dict's value in a template by a variable key)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
