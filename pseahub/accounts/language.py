"""The staff's language: chosen once and kept.

Before sign-in a page follows the browser (``Accept-Language``) or the language picked with the header's switch
(Django's ``LocaleMiddleware`` and its cookie). From the password step on, the user's own preference applies on
every page, the two-step verification included; switching from the header then changes that preference.

A user who has passed only the password may switch (the second-step page is theirs to read) but does not change
their profile before the second factor: the choice waits in the session and is kept once both steps are passed.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from . import services
from .models import User

PENDING_SESSION_KEY = "accounts_pending_language"


def _offered(language: str) -> bool:
    return language in dict(settings.LANGUAGES)


def language_choose(request: HttpRequest, *, user: User, language: str) -> None:
    """The signed-in ``user`` picked ``language`` from the header: keep it (after the second step) or hold it."""
    if not _offered(language):
        return
    if user.is_verified():  # type: ignore[attr-defined]
        request.session.pop(PENDING_SESSION_KEY, None)
        services.user_language_set(user=user, language=language)
    else:
        request.session[PENDING_SESSION_KEY] = language


def language_of(request: HttpRequest, *, user: User) -> str | None:
    """The language of this signed-in user's pages; a choice held before the second step is kept now if passed."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if pending is not None and _offered(pending):
        if not user.is_verified():  # type: ignore[attr-defined]
            return str(pending)
        services.user_language_set(user=user, language=pending)
    if pending is not None:
        request.session.pop(PENDING_SESSION_KEY, None)
    return user.language if _offered(user.language) else None
