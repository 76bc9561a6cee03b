"""Who sees the stakeholders and funding links on the partners page (issue 16 item 10)."""

from __future__ import annotations

from typing import Any

from django import template

from pseahub.partners.funding import funding_due_count as _funding_due_count
from pseahub.partners.funding import reads_funding as _reads_funding

register = template.Library()


@register.filter
def reads_funding(user: Any) -> bool:
    return _reads_funding(user)


@register.simple_tag
def funding_due(user: Any) -> int:
    """Donor reports due within two weeks or overdue, for the editors' notice on the partners page."""
    return _funding_due_count(user)
