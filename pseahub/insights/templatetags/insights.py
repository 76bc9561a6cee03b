"""Template filters of the insights pages."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from pseahub.insights.timings import duration_text

register = template.Library()


@register.filter
def duration(hours: float | None) -> str:
    """A duration in hours as a person reads it ("5.5 hours", "3.0 days"); "" for none."""
    return duration_text(hours)


@register.filter
def percent(value: float | None) -> str:
    """A share in per cent, without decimals ("83 %"); "" for none."""
    return "" if value is None else f"{number_format(round(value), decimal_pos=0)} %"
