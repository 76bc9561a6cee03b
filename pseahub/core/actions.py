"""The one way a POST view turns a form into a service call and tells the user how it went.

Views validate the form, call one service, and flash either the service's ``ApplicationError`` message or a
success message; form errors are flashed with their field label. The caller decides where to redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from .exceptions import ApplicationError


def form_errors_flash(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def action_run(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run one service call; flash its domain error or ``success``. True when it succeeded."""
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


def form_submit(request: HttpRequest, form: Any, action: Callable[[dict[str, Any]], object], success: str) -> bool:
    """Validate ``form``, then run ``action`` on its cleaned data (see ``action_run``)."""
    if not form.is_valid():
        form_errors_flash(request, form)
        return False
    return action_run(request, lambda: action(form.cleaned_data), success)
