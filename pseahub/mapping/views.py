"""The registry of the members' complaint and feedback mechanisms (/mapping/mechanisms/): focal points and the
coordinator. The public directory (and /services) is in ``views_directory``."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pseahub.accounts.models import Role, User
from pseahub.core.decorators import role_required

from .forms import MECHANISM_PUBLISHED_LABELS, MechanismFilterForm, MechanismForm
from .mechanisms import (
    mechanism_create,
    mechanism_get_for,
    mechanism_is_overdue,
    mechanism_list,
    mechanism_organisations_for,
    mechanism_update,
    mechanism_verify,
)
from .models import FeedbackMechanism
from .registry_forms import registry_form_save
from .templatetags.mapping_nav import keeps_mechanisms, keeps_services, reads_gaps

# --- the members' complaint and feedback mechanisms (focal points and the coordinator) ---------------------------

MECHANISM_ROLES = (Role.FOCAL_POINT, Role.COORDINATOR)


def _save(form: MechanismForm, request: HttpRequest, mechanism: FeedbackMechanism | None) -> FeedbackMechanism | None:
    user = cast(User, request.user)
    return registry_form_save(
        form,
        mechanism,
        create=lambda **data: mechanism_create(actor=user, **data),
        update=lambda entry, **data: mechanism_update(actor=user, mechanism=entry, **data),
    )


@role_required(*MECHANISM_ROLES)
@require_safe
def mechanism_list_page(request: HttpRequest) -> HttpResponse:
    """The focal point's organisation's mechanisms, or all of them for the coordinator (with filters)."""
    user = cast(User, request.user)
    organisations = mechanism_organisations_for(user)
    form = MechanismFilterForm(request.GET or None, organisations=organisations)
    mechanisms = list(mechanism_list(user, **form.filters()))
    for mechanism in mechanisms:
        mechanism.overdue = mechanism_is_overdue(mechanism)  # type: ignore[attr-defined]
    return render(
        request,
        "mapping/mechanism_list.html",
        {"form": form, "mechanisms": mechanisms, "is_coordinator": user.has_role(Role.COORDINATOR)},
    )


@role_required(*MECHANISM_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def mechanism_new(request: HttpRequest) -> HttpResponse:
    organisations = mechanism_organisations_for(cast(User, request.user))
    form = MechanismForm(request.POST or None, organisations=organisations)
    if request.method == "POST":
        mechanism = _save(form, request, None)
        if mechanism is not None:
            messages.success(request, _("The mechanism was added."))
            return redirect("mapping:mechanism", public_id=mechanism.public_id)
    return render(request, "mapping/mechanism_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*MECHANISM_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def mechanism_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The mechanism with its edit form (whoever sees it may edit it) and, for the coordinator, "verify"."""
    user = cast(User, request.user)
    mechanism = mechanism_get_for(user, public_id)
    form = MechanismForm(request.POST or None, instance=mechanism, organisations=mechanism_organisations_for(user))
    if request.method == "POST":
        if _save(form, request, mechanism) is not None:
            messages.success(request, _("The mechanism was updated."))
            return redirect("mapping:mechanism", public_id=mechanism.public_id)
        mechanism.refresh_from_db()
    return render(
        request,
        "mapping/mechanism_detail.html",
        {
            "mechanism": mechanism,
            "form": form,
            "overdue": mechanism_is_overdue(mechanism),
            "published_labels": [
                MECHANISM_PUBLISHED_LABELS[name]
                for name in mechanism.published_fields or []
                if name in MECHANISM_PUBLISHED_LABELS
            ],
            "is_coordinator": user.has_role(Role.COORDINATOR),
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.COORDINATOR)
@require_POST
def mechanism_verify_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    mechanism_verify(actor=user, mechanism=mechanism_get_for(user, public_id))
    messages.success(request, _("The mechanism is marked as verified today."))
    return redirect("mapping:mechanism", public_id=public_id)


# --- the mapping's page: its parts, as the user may reach them ------------------------------------------------

MAPPING_ROLES = (Role.COORDINATOR, Role.FOCAL_POINT, Role.SERVICE_PROVIDER, Role.CO_CHAIR, Role.LEADERSHIP)


@role_required(*MAPPING_ROLES)
@require_safe
def mapping_home(request: HttpRequest) -> HttpResponse:
    """The header's one link to the mapping: the registries, preferences, gaps and map the user may open."""
    user = cast(User, request.user)
    return render(
        request,
        "mapping/home.html",
        {
            "mechanisms": keeps_mechanisms(user),
            "services": keeps_services(user),
            "gaps": reads_gaps(user),
            "is_coordinator": user.has_role(Role.COORDINATOR),
            "is_focal_point": user.has_role(Role.FOCAL_POINT),
        },
    )
