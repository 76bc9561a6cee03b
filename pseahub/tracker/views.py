"""The incident tracker exports (XLSX): the tracker itself and the GBVIMS Incident Recorder-style one, for
coordinators only, each after a fresh second-factor code.

GET shows the re-authentication form with the tracker's filters carried over as hidden fields; POST checks
the code and answers with the workbook as an attachment. A wrong code exports nothing and is audited.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from pseahub.accounts.forms import TokenForm
from pseahub.accounts.models import Role
from pseahub.cases.forms import TrackerFilterForm
from pseahub.core.decorators import role_required
from pseahub.vault.session import session_key_load

from . import export, gbvims


class TrackerExportForm(TokenForm):
    include_sealed = forms.BooleanField(
        label=gettext_lazy(
            "Include sealed columns (reporter, narrative, alleged perpetrators' names and descriptions, "
            "location detail)"
        ),
        required=False,
    )

    field_order = ["include_sealed", "token"]


def _carried(data: Any) -> list[tuple[str, str]]:
    """The tracker's filters from ``data`` (query string or POST), to carry over as hidden fields."""
    return [(name, value) for name in TrackerFilterForm.base_fields for value in data.getlist(name) if value]


def _filter_summary(form: TrackerFilterForm) -> list[tuple[str, str]]:
    """The filters in use, as label and readable value, so the coordinator sees what will be exported."""
    summary = []
    for name, value in form.cleaned_data.items():
        if name == "sort" or value in (None, "", False):
            continue
        field = form.fields[name]
        if isinstance(field, forms.BooleanField):
            shown = _("Yes")
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            shown = str(dict(cast(list[tuple[Any, Any]], field.choices)).get(value, value))
        else:
            shown = str(value)
        summary.append((str(field.label), shown))
    return summary


@never_cache
@sensitive_post_parameters("token")
@role_required(Role.COORDINATOR)
def tracker_export(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    filter_form = TrackerFilterForm(source)
    filters_valid = filter_form.is_valid()
    form = TrackerExportForm(request.POST or None)
    user_private = session_key_load(request)
    if request.method == "POST" and form.is_valid() and filters_valid:
        include_sealed = form.cleaned_data["include_sealed"]
        if include_sealed and user_private is None:
            form.add_error("include_sealed", _("Your key is locked: sign out and in again to include sealed columns."))
        elif not export.export_reauthenticate(actor=request.user, token=form.cleaned_data["token"]):
            form.add_error("token", _("That code is not correct or has already been used."))
        else:
            content = export.tracker_export(
                actor=request.user,
                filters=filter_form.to_filters(),
                include_sealed=include_sealed,
                user_private=user_private if include_sealed else None,
            )
            return _attachment(content, stem="psea-tracker")
    context = {
        "gbvims": False,
        "form": form,
        "filters_valid": filters_valid,
        "filter_summary": _filter_summary(filter_form) if filters_valid else [],
        "carried": _carried(source),
        "query": urlencode(_carried(source)),
        "key_unlocked": user_private is not None,
    }
    return render(request, "tracker/export.html", context)


def _attachment(content: bytes, *, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=export.CONTENT_TYPE)
    filename = f"{stem}-{timezone.localdate(timezone=export.network_tz()):%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@sensitive_post_parameters("token")
@role_required(Role.COORDINATOR)
def gbvims_export(request: HttpRequest) -> HttpResponse:
    """The consented survivor incidents of the tracker (its filters carried over) in the GBVIMS Incident
    Recorder's columns: no sealed content, so no key is needed, but the same fresh code as the tracker export."""
    source = request.POST if request.method == "POST" else request.GET
    filter_form = TrackerFilterForm(source)
    filters_valid = filter_form.is_valid()
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and filters_valid:
        if export.export_reauthenticate(actor=request.user, token=form.cleaned_data["token"]):
            content = gbvims.gbvims_export(actor=request.user, filters=filter_form.to_filters())
            return _attachment(content, stem="psea-gbvims-incidents")
        form.add_error("token", _("That code is not correct or has already been used."))
    context = {
        "gbvims": True,
        "form": form,
        "filters_valid": filters_valid,
        "filter_summary": _filter_summary(filter_form) if filters_valid else [],
        "carried": _carried(source),
        "query": urlencode(_carried(source)),
    }
    return render(request, "tracker/export.html", context)
