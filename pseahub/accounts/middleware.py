"""Session-level guards: the vault key cookie, and a second factor before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from pseahub.vault.session import session_cookie_apply

from .language import language_of


class VaultSessionMiddleware:
    """Writes the cookie half of the session's private-key wrapping when a view asked for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session_cookie_apply(request, response)
        return response


# Reachable after the password but before the second factor.
_OPEN_PREFIXES = ("/static/", "/i18n/")


class RequireTwoFactorMiddleware:
    """A signed-in user who has not passed TOTP sees only the 2FA pages, logout and the language switch."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified():
            allowed = {
                reverse("accounts:two_factor_verify"),
                reverse("accounts:two_factor_setup"),
                reverse("accounts:logout"),
            }
            if request.path not in allowed and not request.path.startswith(_OPEN_PREFIXES):
                target = reverse("accounts:two_factor_verify")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class UserLanguageMiddleware:
    """From the password step on, a user's pages are in their own language (``language.language_of``).

    Runs after authentication and OTP, so it overrides what ``LocaleMiddleware`` took from the browser or the
    switch's cookie; anonymous visitors keep that.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = language_of(request, user=user)  # type: ignore[arg-type]
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
