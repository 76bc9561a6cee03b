"""The public directory (``/directory/``, its printable page ``/directory/print.pdf``; ``/services`` redirects to
its services) and the focal point's choice to be listed in it (``/mapping/listing/``). What is published is
decided in ``directory.py``; these views only pass the filters and render."""

from __future__ import annotations

import uuid
from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from pseahub.accounts.models import Role, User
from pseahub.core.decorators import role_required
from pseahub.core.discovery import public_documents, public_messages
from pseahub.core.ratelimit import rate_limit_hit

from .directory import (
    directory_focal_points,
    directory_mechanisms,
    directory_pdf,
    directory_report_ways,
    directory_services,
    focal_point_listing_set,
    listing_profiles_for,
)
from .forms import FOCAL_POINT_PUBLISHED_LABELS, DirectoryFilterForm, ListingForm
from .models import LANGUAGE_NAMES

#: Browsers may keep the public pages a few minutes. Private: a page carries a CSRF token (language switcher) and
#: comes in the visitor's language, so shared caches must not serve it to someone else.
DIRECTORY_MAX_AGE = 300
#: Printable pages a client may ask for in an hour (each is laid out anew: a second or so of work).
PDF_PER_HOUR = 60


@require_safe
@cache_control(private=True, max_age=DIRECTORY_MAX_AGE)
def directory(request: HttpRequest) -> HttpResponse:
    """The four sections, filtered by area (and the services by type) with GET; works without JavaScript."""
    form = DirectoryFilterForm(request.GET or None)
    service_type, area = form.filters()
    chosen = {"area": area.pcode if area else "", "type": service_type or ""}
    query = urlencode({key: value for key, value in chosen.items() if value})
    return render(
        request,
        "mapping/directory.html",
        {
            "form": form,
            "area": area,
            "filtered": bool(service_type or area),
            "ways": directory_report_ways(),
            "mechanisms": directory_mechanisms(area=area),
            "focal_points": directory_focal_points(),
            "services": directory_services(area=area, service_type=service_type),
            "documents": public_documents(),  # the network's public TORs and SOPs (planning, through discovery)
            "key_messages": public_messages(get_language()),  # the network's public key messages (partners)
            "print_query": query,
        },
    )


@require_safe
def services_redirect(request: HttpRequest) -> HttpResponse:
    """The old address of the services directory: to the directory's services, keeping the filters."""
    kept = {key: request.GET[key] for key in ("type", "area") if request.GET.get(key)}
    query = f"?{urlencode(kept)}" if kept else ""
    return HttpResponsePermanentRedirect(f"{reverse('mapping:directory')}{query}#services")


@require_safe
@cache_control(private=True, max_age=DIRECTORY_MAX_AGE)
def directory_print(request: HttpRequest) -> HttpResponse:
    """The printable one-page directory (PDF) for distribution sites, for the area chosen with GET."""
    if not rate_limit_hit(request, scope="directory-pdf", limit=PDF_PER_HOUR):
        return HttpResponse(_("Too many printable pages asked for. Try again in an hour."), status=429)
    form = DirectoryFilterForm(request.GET or None)
    service_type, area = form.filters()
    report_url = request.build_absolute_uri(reverse("intake:report"))
    pdf = directory_pdf(report_url=report_url, area=area, service_type=service_type)
    name = f"directory-{area.pcode if area else 'all'}-{get_language()}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- the focal point's listing choice ------------------------------------------------------------------------


@role_required(Role.FOCAL_POINT)
@require_http_methods(["GET", "HEAD", "POST"])
def listing(request: HttpRequest) -> HttpResponse:
    """The focal point's own profiles, each with its choice; a POST names the profile (by public id, in the
    body) and saves through ``focal_point_listing_set``."""
    user = cast(User, request.user)
    profiles = list(listing_profiles_for(user))
    posted: uuid.UUID | None = None
    forms: dict[int, ListingForm] = {}
    if request.method == "POST":
        try:
            posted = uuid.UUID(request.POST.get("profile", ""))
        except ValueError:
            raise Http404 from None
        profile = next((p for p in profiles if p.public_id == posted), None)
        if profile is None:
            raise Http404
        form = ListingForm(request.POST, prefix=str(profile.public_id))
        if form.is_valid():
            focal_point_listing_set(
                actor=user,
                focal_point=profile,
                is_listed=form.cleaned_data["is_listed"],
                published_fields=form.cleaned_data["published_fields"],
            )
            if profile.is_listed:
                messages.success(request, _("Your choice was saved: you are listed in the public directory."))
            else:
                messages.success(request, _("Your choice was saved: you are not listed in the public directory."))
            return redirect("mapping:listing")
        forms[profile.pk] = form
    entries = []
    for profile in profiles:
        form = forms.get(profile.pk) or ListingForm(
            initial={"is_listed": profile.is_listed, "published_fields": profile.published_fields},
            prefix=str(profile.public_id),
        )
        values = {
            "name": profile.name,
            "title": profile.title,
            "email": profile.email,
            "phone": profile.phone,
            "languages": ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in profile.languages or []),
        }
        shown = [
            (FOCAL_POINT_PUBLISHED_LABELS[name], values[name])
            for name in profile.published_fields or []
            if name in values and profile.is_listed
        ]
        entries.append({"profile": profile, "form": form, "values": values, "shown": shown})
    return render(
        request,
        "mapping/listing.html",
        {"entries": entries},
        status=400 if any(form.errors for form in forms.values()) else 200,
    )
