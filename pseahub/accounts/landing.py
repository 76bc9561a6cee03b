"""Where a signed-in user lands when nothing else was asked for: the work page of their first role.

Accounts sits below the apps that own these pages, so it names them by URL name (resolved with ``reverse``)
and never imports them; a page whose app is not installed is skipped.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse

from .models import Role, User

# In order of precedence: a user with several roles lands on the first that applies.
WORK_PAGES: list[tuple[str, str]] = [
    (Role.COORDINATOR, "cases:inbox"),
    (Role.FOCAL_POINT, "referrals:inbox"),
    (Role.SERVICE_PROVIDER, "referrals:inbox"),
    (Role.OPERATOR, "intake:operator"),
    (
        Role.CO_CHAIR,
        "planning:home",
    ),  # the network's work: meetings, risk assessment, plan (and the figures a click away)
    (Role.LEADERSHIP, "insights:dashboard"),
    (Role.ANALYST, "insights:dashboard"),
    (Role.DONOR, "insights:donor"),
    (Role.HQ, "insights:systemwide"),
    (Role.NETWORK_ADMIN, "admin:index"),
]


def landing_url(user: User) -> str:
    """The path of ``user``'s work page, or the home page (LOGIN_REDIRECT_URL) for a user without one."""
    for role, url_name in WORK_PAGES:
        if user.has_role(role):
            try:
                return reverse(url_name)
            except NoReverseMatch:
                continue
    return resolve_url(settings.LOGIN_REDIRECT_URL)
