"""The insights pages: the network's dashboard (coordinators, co-chairs, leadership, analysts), its tables as
open-data downloads, and the donors' page. Counts only, from clear fields; no page here links to a complaint."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pseahub.accounts.models import INSIGHTS_ROLES, Role
from pseahub.core.decorators import role_required
from pseahub.network.selectors import network_settings_get

from . import dashboard as board
from . import downloads, selectors
from .access import sees_sla
from .forms import FiltersForm


@never_cache
@role_required(*INSIGHTS_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    form = FiltersForm(request.GET or None)
    filters = form.filters()
    settings = network_settings_get()
    sections = board.dashboard_build(filters=filters, settings=settings, with_sla=sees_sla(request.user))  # type: ignore[arg-type]
    context = {
        "form": form,
        "filters": filters,
        "k": settings.small_cell_k,
        "sections": sections,
        "query": urlencode(filters.query()),
        "formats": [("csv", "CSV"), ("xlsx", "XLSX"), ("hxl", "HXL")],
    }
    return render(request, "insights/dashboard.html", context)


@never_cache
@require_GET
@role_required(*INSIGHTS_ROLES)
def table_download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One dashboard table as CSV, XLSX or HXL-tagged CSV for the filters of the query string, as published.
    Changes nothing and is not audited: aggregates, small cells withheld (README.md, "Downloads")."""
    if key not in board.KEYS or fmt not in downloads.FORMATS:
        raise Http404
    spec = board.SPECS.get(key)
    if spec is not None and spec.sla and not sees_sla(request.user):  # type: ignore[arg-type]
        raise PermissionDenied
    filters = FiltersForm(request.GET or None).filters()
    content, content_type, name = downloads.download(key, fmt, filters, network_settings_get())
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@role_required(Role.DONOR)
def donor(request: HttpRequest) -> HttpResponse:
    """What the network publishes to its donors: the donor reports the coordinator published, to download."""
    return render(request, "insights/donor.html", {"reports": selectors.donor_report_list()})
