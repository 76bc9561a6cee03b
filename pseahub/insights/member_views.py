"""The pages of members' own figures (rules in ``members``).

Focal points of active member organisations see their organisation's returns by quarter and submit or correct
one (the current quarter or a past one); a focal point of several organisations finds each on the list. The
coordinator and the co-chairs see a quarter's overview (who submitted, when, by whom, how many versions; who has
not) with the platform's and the members' figures side by side, and the history of each return. A GET never
changes anything; the POST that stores figures redirects, and repeating it stores nothing more.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pseahub.accounts.models import Role
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError
from pseahub.network.selectors import network_settings_get

from . import members
from .counting import Filters
from .member_forms import MemberReturnForm, QuarterForm
from .models import MemberReturn, MemberReturnVersion
from .suppression import suppress

QUARTERS_LISTED = 8  # the focal point's list: the current quarter and the seven before it (and any older return)


@dataclass(frozen=True)
class GroupComparison:
    """One group of a return's versions side by side: (label, value per version) rows and the totals."""

    key: str
    title: str
    rows: list[tuple[str, list[int]]]
    totals: list[int]


def _comparison(versions: list[MemberReturnVersion]) -> list[GroupComparison]:
    """Every group of ``versions`` (latest first) side by side; a category an old version lacks shows 0."""
    comparison = []
    for group in members.GROUPS:
        rows = [
            (label, [version.counts.get(group.key, {}).get(code, 0) for version in versions])
            for code, label in group.rows()
        ]
        totals = [sum(values) for values in zip(*(values for _label, values in rows), strict=True)] if rows else []
        comparison.append(GroupComparison(group.key, str(group.title), rows, totals))
    return comparison


def _quarter_or_404(year: int, quarter: int) -> members.Quarter:
    if not 1 <= quarter <= 4:
        raise Http404
    chosen = members.Quarter(year, quarter)
    if not members.quarter_may_be_reported(chosen):
        raise Http404
    return chosen


# --- focal points -----------------------------------------------------------------------------------------------
@never_cache
@role_required(Role.FOCAL_POINT)
def member_returns(request: HttpRequest) -> HttpResponse:
    """The returns of each member organisation the focal point acts for, by quarter."""
    quarters = members.quarters_back(QUARTERS_LISTED)
    sections = [
        (organisation, members.organisation_returns(organisation, quarters))
        for organisation in members.submitting_organisations(request.user)
    ]
    return render(request, "insights/members/returns.html", {"sections": sections})


@never_cache
@role_required(Role.FOCAL_POINT)
def member_return(request: HttpRequest, organisation: uuid.UUID, year: int, quarter: int) -> HttpResponse:
    """One quarter's return of one of the focal point's organisations: the form (the current figures filled in)
    and every version so far. Submitting stores a new version unless the figures are the current ones."""
    chosen = members.submitting_organisation_get_for(request.user, organisation)
    period = _quarter_or_404(year, quarter)
    versions = members.member_return_versions(members.member_return_find(chosen, period))
    current = versions[0] if versions else None
    form = MemberReturnForm(request.POST or None, counts=current.counts if current else None)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = members.member_return_submit(
                actor=request.user,  # type: ignore[arg-type]
                organisation=chosen,
                quarter=period,
                counts=form.counts(),
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            values = {"quarter": period.label, "version": submitted.version.number}
            if not submitted.created:
                messages.info(request, _("Nothing changed: these are the figures on record already."))
            elif submitted.version.number == 1:
                messages.success(request, _("Your figures for %(quarter)s are submitted.") % values)
            else:
                messages.success(request, _("Your corrected figures for %(quarter)s are version %(version)d.") % values)
            return redirect("insights:member_return", organisation=chosen.public_id, year=year, quarter=quarter)
    context = {
        "organisation": chosen,
        "quarter": period,
        "form": form,
        "versions": versions,
        "comparison": _comparison(versions),
    }
    return render(request, "insights/members/return.html", context)


# --- the coordinator and the co-chairs --------------------------------------------------------------------------
@never_cache
@role_required(*members.OVERVIEW_ROLES)
def members_overview(request: HttpRequest) -> HttpResponse:
    """A quarter's returns (the last complete quarter by default): every member organisation, submitted or not,
    and the platform's and members' figures of the quarter side by side."""
    default = members.Quarter.current().previous()
    form = QuarterForm(request.GET or None, initial={"year": default.year, "quarter": default.quarter})
    quarter = form.chosen() if request.GET and form.is_valid() else default
    rows = members.quarter_returns(quarter)
    k = network_settings_get().small_cell_k
    figures = members.merged_figures(Filters(start=quarter.start, end=quarter.end))
    context = {
        "form": form,
        "quarter": quarter,
        "rows": rows,
        "missing": [row.organisation for row in rows if not row.submitted],
        "submitted": sum(row.submitted for row in rows),
        "k": k,
        "tables": [(f"table-{key}", suppress(table, k)) for key, table in figures.items()],
    }
    return render(request, "insights/members/overview.html", context)


@never_cache
@role_required(*members.OVERVIEW_ROLES)
def member_return_history(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Every version of one return: who submitted it, when, what was corrected, and the figures side by side."""
    member_return = get_object_or_404(MemberReturn.objects.select_related("organisation"), public_id=public_id)
    versions = members.member_return_versions(member_return)
    context = {
        "member_return": member_return,
        "quarter": members.Quarter(member_return.year, member_return.quarter),
        "versions": versions,
        "comparison": _comparison(versions),
    }
    return render(request, "insights/members/history.html", context)
