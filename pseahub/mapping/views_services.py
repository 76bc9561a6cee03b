"""The registry of services as its keepers edit it (/mapping/services/): service providers keep their own
organisation's services, the coordinator all of them; both verify them (at least every six months)."""

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

from .forms import ServiceFilterForm, ServiceForm
from .models import Service
from .registry_forms import registry_form_save
from .service_access import (
    KEEPER_ROLES,
    service_create_for,
    service_get_for,
    service_is_overdue,
    service_list_for,
    service_organisations_for,
    service_update_for,
    service_verify,
)


def _save(form: ServiceForm, request: HttpRequest, service: Service | None) -> Service | None:
    user = cast(User, request.user)
    return registry_form_save(
        form,
        service,
        create=lambda **data: service_create_for(actor=user, **data),
        update=lambda entry, **data: service_update_for(actor=user, service=entry, **data),
    )


@role_required(*KEEPER_ROLES)
@require_safe
def service_list_page(request: HttpRequest) -> HttpResponse:
    """The provider's organisation's services, or all of them for the coordinator, with the verification flags."""
    user = cast(User, request.user)
    is_coordinator = user.has_role(Role.COORDINATOR)
    form = ServiceFilterForm(
        request.GET or None, organisations=service_organisations_for(user) if is_coordinator else None
    )
    services = list(service_list_for(user, **form.filters()))
    for service in services:
        service.overdue = service_is_overdue(service)  # type: ignore[attr-defined]
    return render(
        request,
        "mapping/service_registry_list.html",
        {"form": form, "services": services, "overdue_count": sum(s.overdue for s in services)},  # type: ignore[attr-defined]
    )


@role_required(*KEEPER_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def service_new(request: HttpRequest) -> HttpResponse:
    organisations = service_organisations_for(cast(User, request.user))
    form = ServiceForm(request.POST or None, organisations=organisations)
    if request.method == "POST":
        service = _save(form, request, None)
        if service is not None:
            messages.success(request, _("The service was added."))
            return redirect("mapping:service", public_id=service.public_id)
    return render(request, "mapping/service_registry_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*KEEPER_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def service_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The service with its edit form and "verify" (whoever keeps it may do both)."""
    user = cast(User, request.user)
    service = service_get_for(user, public_id)
    form = ServiceForm(request.POST or None, instance=service, organisations=service_organisations_for(user))
    if request.method == "POST":
        if _save(form, request, service) is not None:
            messages.success(request, _("The service was updated."))
            return redirect("mapping:service", public_id=service.public_id)
        service.refresh_from_db()
    return render(
        request,
        "mapping/service_registry_detail.html",
        {"service": service, "form": form, "overdue": service_is_overdue(service)},
        status=400 if form.errors else 200,
    )


@role_required(*KEEPER_ROLES)
@require_POST
def service_verify_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    service_verify(actor=user, service=service_get_for(user, public_id))
    messages.success(request, _("The service is marked as verified today."))
    return redirect("mapping:service", public_id=public_id)
