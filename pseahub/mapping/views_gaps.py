"""The gap table (/mapping/gaps/, its XLSX download) and the coverage map (/mapping/map/): for the coordinator, the
network's co-chairs and leadership. Read-only pages; only the coordinator is offered to turn a gap into an action of
the action plan (when the planning app provides ``gaps.action_plan_url``)."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pseahub.accounts.models import Role, User
from pseahub.core.decorators import role_required
from pseahub.network.selectors import network_settings_get

from .forms_gaps import GapFilterForm
from .gaps import GAP_ROLES, action_plan_url, area_coverage, country_areas, gap_list, gaps_xlsx
from .map import Measure, coverage_map

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request: HttpRequest) -> tuple[GapFilterForm, list]:
    form = GapFilterForm(request.GET or None, areas=country_areas())
    return form, gap_list(form.filters())


def _query(form: GapFilterForm) -> str:
    """The valid filters as a query string, for the download link."""
    if not form.is_bound:
        return ""
    return urlencode({name: value for name, value in form.cleaned_data.items() if value})


@never_cache
@role_required(*GAP_ROLES)
@require_safe
def gap_table(request: HttpRequest) -> HttpResponse:
    form, gaps = _filtered(request)
    user = cast(User, request.user)
    acts = user.has_role(Role.COORDINATOR)
    rows = [(gap, action_plan_url(gap) if acts else None) for gap in gaps]
    context = {"form": form, "rows": rows, "query": _query(form), "filtered": bool(_query(form))}
    return render(request, "mapping/gaps.html", context)


@never_cache
@role_required(*GAP_ROLES)
@require_safe
def gap_download(request: HttpRequest) -> HttpResponse:
    """The gap table as XLSX, for the same filters. Not audited, like the insights downloads: the registries'
    coverage, with no person in it."""
    _form, gaps = _filtered(request)
    response = HttpResponse(gaps_xlsx(gaps), content_type=XLSX)
    name = f"psea-gaps-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class MeasureForm(forms.Form):
    measure = forms.ChoiceField(label=_("Coverage of"), choices=Measure.choices, required=False)

    def measure_value(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("measure"):
            return str(self.cleaned_data["measure"])
        return Measure.SEA_CHANNEL.value


@never_cache
@role_required(*GAP_ROLES)
@require_safe
def coverage_map_page(request: HttpRequest) -> HttpResponse:
    form = MeasureForm(request.GET or None)
    drawn = coverage_map(
        coverage=area_coverage(), measure=form.measure_value(), country_code=network_settings_get().country_code
    )
    return render(request, "mapping/coverage_map.html", {"form": form, "map": drawn})
