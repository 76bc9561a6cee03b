"""CSRF protection that works with ``Referrer-Policy: no-referrer``.

With that policy, browsers send ``Origin: null`` on every form POST and no ``Referer`` at all (Fetch
standard), which Django's origin and referer checks reject. We keep the policy — no page of ours may leak
its address to anyone — and decide with Fetch Metadata instead: a POST whose ``Sec-Fetch-Site`` says it
came from another site is refused; a same-origin one (or one from an older browser that sends no Fetch
Metadata) goes on to the CSRF token check, which stays mandatory. In production the CSRF cookie is
``__Host-`` prefixed over HSTS, which blocks the cookie injection that the referer check exists for.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware, RejectRequest

_FOREIGN = {"cross-site", "same-site"}


class FetchMetadataCsrfViewMiddleware(CsrfViewMiddleware):
    def _origin_verified(self, request: HttpRequest) -> bool:
        if request.META.get("HTTP_ORIGIN") == "null":
            return request.META.get("HTTP_SEC_FETCH_SITE", "") not in _FOREIGN
        return bool(super()._origin_verified(request))  # type: ignore[misc]  # private hook of Django 5.2

    def _check_referer(self, request: HttpRequest) -> None:
        if "HTTP_REFERER" not in request.META:
            if request.META.get("HTTP_SEC_FETCH_SITE", "") in _FOREIGN:
                raise RejectRequest("Cross-site request without a referer.")
            return
        super()._check_referer(request)  # type: ignore[misc]
