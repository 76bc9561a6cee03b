"""``{% meeting_action_counts as counts %}``: the meetings' figures for the network's page (added there without
touching its view); ``{% meeting_actions_due_notice user %}``: a focal point's overdue network actions, for its
landing page."""

from __future__ import annotations

from typing import Any

from django import template

from pseahub.planning.meetings import action_summary, overdue_count_for

register = template.Library()


@register.simple_tag
def meeting_action_counts() -> dict[str, int]:
    return action_summary()


@register.inclusion_tag("planning/action_due_notice.html")
def meeting_actions_due_notice(user: Any) -> dict[str, int]:
    """How many of the network actions of ``user``'s own organisation are overdue (a focal point's landing page;
    nothing is shown when none or not a focal point)."""
    return {"count": overdue_count_for(user) if user.is_authenticated else 0}
