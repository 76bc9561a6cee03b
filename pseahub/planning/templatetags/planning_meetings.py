"""``{% meeting_action_counts as counts %}``: the meetings' figures for the network's page (added there without
touching its view)."""

from __future__ import annotations

from django import template

from pseahub.planning.meetings import action_summary

register = template.Library()


@register.simple_tag
def meeting_action_counts() -> dict[str, int]:
    return action_summary()
