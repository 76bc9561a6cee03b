"""The public directory of services (/services): anyone may read it, no sign-in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .forms import DirectoryFilterForm
from .selectors import service_list

#: Browsers may keep the page a few minutes. Private: the page carries a CSRF token (language switcher)
#: and comes in the visitor's language, so shared caches must not serve it to someone else.
DIRECTORY_MAX_AGE = 300


@require_safe
@cache_control(private=True, max_age=DIRECTORY_MAX_AGE)
def service_directory(request: HttpRequest) -> HttpResponse:
    """Active services, filtered by type and area (GET, works without JavaScript)."""
    form = DirectoryFilterForm(request.GET or None)
    service_type, area = form.filters()
    services = service_list(service_type=service_type, area=area)
    return render(
        request,
        "mapping/service_directory.html",
        {"form": form, "services": services, "area": area, "filtered": bool(service_type or area)},
    )
