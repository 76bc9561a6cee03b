"""The HQ installation's pages (README.md, "At HQ"): the countries' returns of a quarter side by side, the import
of a country's return file, and one imported return with its versions. For the HQ role only
(``access.sees_systemwide``); counts only, as the countries published them."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pseahub.accounts.models import Role
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError
from pseahub.network.selectors import network_settings_get

from . import systemwide
from .hq_import import MAX_SIZE
from .members import Quarter
from .models import CountryReturn
from .systemwide_forms import ReturnUploadForm, SystemwideQuarterForm, quarter_value

HQ_ROLES = (Role.HQ,)


@never_cache
@role_required(*HQ_ROLES)
def systemwide_view(request: HttpRequest) -> HttpResponse:
    """The view by country of one quarter (the latest with returns by default)."""
    form = SystemwideQuarterForm(request.GET or None, quarters=systemwide.quarters_imported())
    quarter = form.chosen()
    returns = systemwide.current_returns(quarter) if quarter else []
    context = {
        "form": form,
        "quarter": quarter,
        "quarter_value": quarter_value(quarter) if quarter else "",
        "returns": returns,
        "missing": systemwide.countries_missing(quarter, returns) if quarter else [],
        "breakdowns": systemwide.by_country(returns),
        "k": network_settings_get().small_cell_k,
    }
    return render(request, "insights/systemwide/overview.html", context)


def _say_imported(request: HttpRequest, country_return: CountryReturn, *, created: bool) -> None:
    values = {
        "country": country_return.country,
        "quarter": Quarter(country_return.year, country_return.quarter).label,
        "version": country_return.version,
    }
    if not created:
        messages.info(request, _("This file was imported already: nothing was stored."))
    elif country_return.version == 1:
        messages.success(request, _("The return of %(country)s for %(quarter)s is imported.") % values)
    else:
        messages.success(
            request, _("The return of %(country)s for %(quarter)s is imported as version %(version)d.") % values
        )


@never_cache
@role_required(*HQ_ROLES)
def systemwide_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: import the file, then go to the return's page; a refused file is shown again
    with every problem found (400), and nothing of it is kept."""
    form = ReturnUploadForm(request.POST, request.FILES) if request.method == "POST" else ReturnUploadForm()
    context: dict[str, object] = {"form": form, "k": network_settings_get().small_cell_k}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(MAX_SIZE + 1)
        try:
            imported = systemwide.country_return_import(
                actor=request.user,  # type: ignore[arg-type]
                content=content,
                filename=upload.name or "",
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if imported.country_return is not None:
                _say_imported(request, imported.country_return, created=imported.created)
                return redirect("insights:systemwide_return", public_id=imported.country_return.public_id)
            context["result"] = imported.result
    status = 400 if request.method == "POST" else 200
    return render(request, "insights/systemwide/import.html", context, status=status)


@never_cache
@role_required(*HQ_ROLES)
def systemwide_return(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One imported version of a country's return: its tables as published, and every version."""
    country_return = get_object_or_404(CountryReturn.objects.select_related("imported_by"), public_id=public_id)
    versions = systemwide.return_versions(country_return)
    quarter = Quarter(country_return.year, country_return.quarter)
    context = {
        "country_return": country_return,
        "quarter": quarter,
        "quarter_value": quarter_value(quarter),
        "versions": versions,
        "is_current": versions[0].pk == country_return.pk,
        "current": versions[0],
        "tables": systemwide.published_tables(country_return.document),
        "noise": country_return.document.get("noise"),
    }
    return render(request, "insights/systemwide/return.html", context)
