from __future__ import annotations

from django.http import HttpRequest

from .selectors import network_settings_get


def site(request: HttpRequest) -> dict[str, object]:
    """The network's name for page titles and headers; one query cached per request."""
    return {"network": network_settings_get()}
