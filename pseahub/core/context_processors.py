from __future__ import annotations

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """The network's name for page titles and headers; one query cached per request."""
    from pseahub.network.selectors import network_settings_get

    return {"network": network_settings_get()}
