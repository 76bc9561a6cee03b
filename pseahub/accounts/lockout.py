"""Hooks for django-axes: no IP addresses are kept; a lockout looks the same for every account name."""

from __future__ import annotations

from django.http import HttpRequest


def no_client_ip(request: HttpRequest) -> None:
    """Axes asks for the client's address; we never keep one (reporters' and staff alike)."""
    return None
