"""The public report form as an anonymous visitor opens it, kept rendered in each process.

Rendering the form (some forty widgets, each through a template) costs more CPU than everything else an intake
does besides the receipt's Argon2id derivation (bench P2), and with post/redirect/get a reporter opens a fresh
form for every report. So the blank form is rendered once per language and kept while the reference tables it
shows are unchanged (``pseahub.core.refdata``: areas, organisations, vocabulary terms, the network's settings;
a change made in this process applies at once, one made elsewhere within ``REFERENCE_TTL``, as for the form's
options themselves). What differs between two visitors is put in at each request: the CSRF token (masked
afresh) and the one-time form token. Only the plain case is kept: a GET by an anonymous visitor, without a query
string or a message waiting, outside a transaction (what a transaction reads may roll back). Anything else is
rendered as usual. A new part of the page that reads something other than these tables must be added to
``_TABLES`` (or the page kept no more).
"""

from __future__ import annotations

import threading
from time import monotonic
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from pseahub.cases.selectors import ACTIVE_TERMS
from pseahub.core.refdata import REFERENCE_TTL
from pseahub.network.selectors import AREAS, NETWORK_SETTINGS, ORGANISATIONS

from .submission import form_token_new

_TABLES = (NETWORK_SETTINGS, AREAS, ORGANISATIONS, ACTIVE_TERMS)
# Stand-ins rendered in the kept page; letters and digits only, so escaping leaves them as they are.
_CSRF_MARK = "csrfmark4e1f0c9b7a52d836"
_TOKEN_MARK = "formtokenmark9d27b1e0c4f3a586"  # noqa: S105 (a placeholder)

_kept: dict[tuple[str, str, str], tuple[tuple[int | None, ...], float, str]] = {}
_lock = threading.Lock()


def _versions() -> tuple[int | None, ...]:
    return tuple(table.kept_version() for table in _TABLES)


def _plain(request: HttpRequest) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and not request.GET
        and not request.user.is_authenticated
        and len(messages.get_messages(request)) == 0  # counts without marking them shown
        and not transaction.get_connection().in_atomic_block
    )


def blank_form_page(request: HttpRequest, template: str, context: dict[str, Any], purpose: str) -> HttpResponse:
    """The form page with ``context`` (an unbound form, nothing from the request) and a fresh one-time token."""
    if not _plain(request):
        return render(request, template, {**context, "form_token": form_token_new(purpose)})
    key = (template, request.path, get_language() or "")
    versions = _versions()
    kept = _kept.get(key)
    if kept is None or kept[0] != versions or None in versions or monotonic() - kept[1] >= REFERENCE_TTL:
        html: str = str(
            render_to_string(
                template, {**context, "form_token": _TOKEN_MARK, "csrf_token": _CSRF_MARK}, request=request
            )
        )
        after = _versions()
        if None not in after and (after == versions or None in versions):  # nothing changed while rendering
            with _lock:
                _kept[key] = (after, monotonic(), html)
    else:
        html = kept[2]
    page = html.replace(_CSRF_MARK, get_token(request)).replace(_TOKEN_MARK, form_token_new(purpose))
    return HttpResponse(page)


def blank_form_pages_forget() -> None:
    """Forget every kept page (tests)."""
    with _lock:
        _kept.clear()
