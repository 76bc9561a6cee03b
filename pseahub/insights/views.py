"""The insights pages: the network's dashboard (coordinators, co-chairs, leadership, analysts) and the donors'
page. Counts only, from clear fields; no page here links to a complaint."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from pseahub.accounts.models import INSIGHTS_ROLES, Role
from pseahub.core.decorators import role_required
from pseahub.network.selectors import network_settings_get

from . import counting, selectors
from .forms import FiltersForm
from .suppression import suppress


@never_cache
@role_required(*INSIGHTS_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    form = FiltersForm(request.GET or None)
    valid = form.is_valid() if request.GET else False
    filters = form.filters() if valid else counting.Filters.last_months(12)
    k = network_settings_get().small_cell_k
    tables = {
        "classification": counting.complaints_by_classification(filters),
        "month": counting.allegations_by_month(filters),
        "type": counting.allegations_by("sea_group", filters),
        "entity-type": counting.allegations_by("entity_type", filters),
        "area": counting.allegations_by("area", filters),
        "victim-type": counting.survivors_by("victim_type", filters),
    }
    published = [(f"table-{key}", suppress(table, k)) for key, table in tables.items()]
    context = {"form": form, "filters": filters, "k": k, "tables": published}
    return render(request, "insights/dashboard.html", context)


@never_cache
@role_required(Role.DONOR)
def donor(request: HttpRequest) -> HttpResponse:
    """What the network publishes to its donors: the donor reports the coordinator published, to download."""
    return render(request, "insights/donor.html", {"reports": selectors.donor_report_list()})
