"""Community preferences (issue 14 item 3): the consultations (the coordinator's, and a focal point's
organisation's), their grid of preferred channels, the Kobo import and the summary per area and group."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from pseahub.accounts.models import Role, User
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError
from pseahub.core.forms import service_errors_add
from pseahub.network.models import Area

from .forms_preferences import (
    ConsultationFilterForm,
    ConsultationForm,
    KoboUploadForm,
    SummaryFilterForm,
    preference_formset,
)
from .kobo import kobo_import, kobo_plan, plan_sign, plan_unsign
from .models import CommunityConsultation, MechanismType, PopulationAge, PopulationDisability, PopulationSex
from .preferences import (
    PREFERENCE_YEARS,
    consultation_create,
    consultation_get_for,
    consultation_list,
    consultation_organisations_for,
    consultation_update,
    preferred_channels,
)

PREFERENCE_ROLES = (Role.FOCAL_POINT, Role.COORDINATOR)


def _is_coordinator(request: HttpRequest) -> bool:
    return cast(User, request.user).has_role(Role.COORDINATOR)


def _consultation_form(request: HttpRequest, instance: CommunityConsultation | None = None) -> ConsultationForm:
    user = cast(User, request.user)
    return ConsultationForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        organisations=consultation_organisations_for(user),
        required_organisation=not user.has_role(Role.COORDINATOR),
    )


def _save(
    request: HttpRequest, form: ConsultationForm, formset: Any, consultation: CommunityConsultation | None
) -> CommunityConsultation | None:
    """Both forms valid, then the service; its errors go beside their fields (None when there were some)."""
    if not form.is_valid():
        formset.is_valid()  # the grid's own errors are shown too
        return None
    formset.number_consulted = form.cleaned_data["number_consulted"]
    if not formset.is_valid():
        return None
    user = cast(User, request.user)
    data = form.data_for_service()
    try:
        if consultation is None:
            return consultation_create(
                actor=user, public_id=form.cleaned_data.get("submission"), preferences=formset.rows(), **data
            )
        return consultation_update(actor=user, consultation=consultation, preferences=formset.rows(), **data)
    except ValidationError as error:
        service_errors_add(form, error)
        return None


@role_required(*PREFERENCE_ROLES)
@require_safe
def consultation_list_page(request: HttpRequest) -> HttpResponse:
    form = ConsultationFilterForm(request.GET or None)
    consultations = consultation_list(cast(User, request.user), area=form.chosen_area())
    return render(request, "mapping/consultation_list.html", {"form": form, "consultations": consultations})


@role_required(*PREFERENCE_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    form = _consultation_form(request)
    formset = preference_formset(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        consultation = _save(request, form, formset, None)
        if consultation is not None:
            messages.success(request, _("The consultation was added."))
            return redirect("mapping:consultation", public_id=consultation.public_id)
    invalid = bool(form.errors or (formset.is_bound and formset.errors))
    return render(
        request,
        "mapping/consultation_form.html",
        {"form": form, "formset": formset, "consultation": None},
        status=400 if invalid else 200,
    )


@role_required(*PREFERENCE_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The consultation and its grid, with the edit form (a line is deleted by ticking "delete")."""
    consultation = consultation_get_for(cast(User, request.user), public_id)
    preferences = list(consultation.preferences.all())
    initial = [
        {
            "sex": p.sex,
            "age_group": p.age_group,
            "disability": p.disability,
            "channel_type": p.channel_type,
            "respondents": p.respondents,
        }
        for p in preferences
    ]
    form = _consultation_form(request, consultation)
    formset = preference_formset(request.POST if request.method == "POST" else None, initial=initial, extra=3)
    if request.method == "POST":
        if _save(request, form, formset, consultation) is not None:
            messages.success(request, _("The consultation was updated."))
            return redirect("mapping:consultation", public_id=consultation.public_id)
        consultation.refresh_from_db()
    invalid = bool(form.errors or (formset.is_bound and formset.errors))
    return render(
        request,
        "mapping/consultation_form.html",
        {"form": form, "formset": formset, "consultation": consultation, "preferences": preferences},
        status=400 if invalid else 200,
    )


@never_cache
@role_required(*PREFERENCE_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_import(request: HttpRequest) -> HttpResponse:
    """A Kobo export: the upload makes a dry run (nothing stored; the counts come back signed in the page), and
    "Import" with that plan creates the consultations, then redirects to the list."""
    user = cast(User, request.user)
    organisations = consultation_organisations_for(user)
    required = not user.has_role(Role.COORDINATOR)
    if request.method == "POST" and "plan" in request.POST:
        try:
            consultations = kobo_import(actor=user, payload=plan_unsign(request.POST["plan"], actor=user))
        except (ApplicationError, ValidationError) as error:
            messages.error(request, error.message if isinstance(error, ApplicationError) else "; ".join(error.messages))
            return redirect("mapping:consultation_import")
        messages.success(
            request,
            _("%(count)d consultations were imported from the Kobo export.") % {"count": len(consultations)},
        )
        return redirect("mapping:consultations")
    form = KoboUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisations=organisations,
        required_organisation=required,
    )
    plan = token = None
    if request.method == "POST" and getattr(request, "intake_oversize", None):
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", _("This file is too large."))
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plan = kobo_plan(upload.read(), upload.name or "", area=form.cleaned_data.get("area"))
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            if plan.groups:
                token = plan_sign(
                    actor=user,
                    plan=plan,
                    date=form.cleaned_data["date"],
                    method=form.cleaned_data["method"],
                    organisation=form.cleaned_data.get("organisation"),
                )
    area_names = {}
    if plan is not None:
        pcodes = {group.area for group in plan.groups}
        area_names = {a.pcode: a.display_name() for a in Area.objects.filter(pcode__in=pcodes)}
    return render(
        request,
        "mapping/consultation_import.html",
        {
            "form": form,
            "plan": plan,
            "token": token,
            "area_names": area_names,
            "channel_names": dict(MechanismType.choices),
            "labels": _group_labels(),
        },
        status=400 if form.errors else 200,
    )


def _group_labels() -> dict[str, dict[str, str]]:
    return {
        "sex": {k: str(v) for k, v in PopulationSex.choices},
        "age_group": {k: str(v) for k, v in PopulationAge.choices},
        "disability": {k: str(v) for k, v in PopulationDisability.choices},
    }


@role_required(*PREFERENCE_ROLES)
@require_safe
def preference_summary(request: HttpRequest) -> HttpResponse:
    """The preferred channel types per region and district for one population group, ranked with their share."""
    form = SummaryFilterForm(request.GET or None)
    filters = form.filters(PREFERENCE_YEARS)
    rows = preferred_channels(**filters)
    names = {a.pcode: a for a in Area.objects.filter(pcode__in={row.area for row in rows})}
    channel_names = dict(MechanismType.choices)
    areas: list[dict[str, Any]] = []
    for row in rows:
        if not areas or areas[-1]["pcode"] != row.area:
            area = names[row.area]
            areas.append(
                {"pcode": row.area, "area": area, "level": area.admin_level, "consulted": row.consulted, "channels": []}
            )
        areas[-1]["channels"].append({"row": row, "name": channel_names.get(row.channel_type, row.channel_type)})
    return render(
        request,
        "mapping/preference_summary.html",
        {"form": form, "areas": areas, "years": filters["years"], "is_coordinator": _is_coordinator(request)},
    )
