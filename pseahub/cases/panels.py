"""Parts of the coordinator's pages that a higher app contributes without cases importing it: referrals adds
its panel to the case page and its section to the keys page. The app registers a provider in its
``AppConfig.ready()``; the view calls every provider (each query runs there, in the view) and the template
includes each panel's template with its context as ``panel``.

When a POST from one of a panel's forms fails validation, the app's view re-renders the case page
(``pseahub.cases.case_page.case_page_render``) with the bound form in ``bound`` (keyed as the provider
chooses): the provider shows that form instead of an empty one, so the errors stand next to their fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from .models import Complaint

CasePageProvider = Callable[[HttpRequest, Complaint, Mapping[str, Any]], dict[str, Any]]
KeysPageProvider = Callable[[HttpRequest], dict[str, Any]]

# Keyed by template, so that registering twice (ready() run again) does not show a panel twice.
_case_page: dict[str, CasePageProvider] = {}
_keys_page: dict[str, KeysPageProvider] = {}


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


def case_page_panel_register(template: str, provider: CasePageProvider) -> None:
    """Show ``template`` on the case page (after the consents) with the context ``provider`` returns."""
    _case_page[template] = provider


def keys_page_panel_register(template: str, provider: KeysPageProvider) -> None:
    """Show ``template`` at the end of the coordinator's keys page."""
    _keys_page[template] = provider


def case_page_panels(request: HttpRequest, complaint: Complaint, bound: Mapping[str, Any] | None = None) -> list[Panel]:
    return [Panel(template, provider(request, complaint, bound or {})) for template, provider in _case_page.items()]


def keys_page_panels(request: HttpRequest) -> list[Panel]:
    return [Panel(template, provider(request)) for template, provider in _keys_page.items()]
